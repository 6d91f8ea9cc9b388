package dev.vaultserver.admission.core.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vaultserver.admission.core.policy.constraint.AllowedRegions;
import dev.vaultserver.admission.core.policy.constraint.CredentialsRequired;
import dev.vaultserver.admission.core.policy.constraint.EndpointPolicy;
import dev.vaultserver.admission.core.policy.constraint.HighAvailabilityRequired;
import dev.vaultserver.admission.core.policy.constraint.MaximumValue;
import dev.vaultserver.admission.core.policy.constraint.NoEnvironmentOverrides;
import dev.vaultserver.admission.core.policy.constraint.PolicyConstraint;
import dev.vaultserver.admission.core.policy.constraint.TableNamePattern;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a tenant policy from YAML (or JSON). Every problem is reported with its path in the file, and
 * unknown keys are refused, so that a typo ({@code allowedRegion}) never silently drops a rule:
 *
 * <pre>
 * exemptNamespaceLabel: {key: vaultserver-admission.dev/exempt, value: "true"}   # the default
 * rules:
 * - name: tenants
 *   enforcement: deny                 # or warn
 *   namespaceSelector: {matchLabels: {vaultserver-admission.dev/tenant: "true"}}
 *   allowedRegions: [eu-west-1]
 *   tableNamePattern: "{namespace}-*"
 *   endpoint: {forbidden: true}       # or {allowed: [https://dynamodb.local:8000]}
 *   maxReadCapacity: 100
 *   maxWriteCapacity: 100
 *   maxParallel: 256
 *   requireCredentials: true
 *   requireHighAvailability: true     # when spec.replicas > 1
 *   allowEnvOverrides: false          # the default
 * </pre>
 */
public final class PolicyReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS = Set.of("apiVersion", "kind", "exemptNamespaceLabel", "rules");
    private static final Set<String> RULE_KEYS = Set.of("name", "enforcement", "namespaceSelector", "allowedRegions", "tableNamePattern",
            "endpoint", "maxReadCapacity", "maxWriteCapacity", "maxParallel", "requireCredentials", "requireHighAvailability",
            "allowEnvOverrides");
    /** A Kubernetes label key: an optional DNS subdomain prefix and a name of up to 63 characters. */
    private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    private final List<String> problems = new ArrayList<>();

    private PolicyReader() {
    }

    /** Reads a policy; an empty document is no rules. */
    public static TenantPolicy read(String source, String text) throws PolicyException {
        JsonNode root;
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(text)) {
            List<JsonNode> all = documents.readAll();
            if (all.size() > 1) {
                throw new PolicyException(source, List.of("one YAML document expected, found " + all.size()));
            }
            root = all.isEmpty() ? null : all.get(0);
        } catch (java.io.IOException e) {
            if (!(e instanceof JacksonException)) {
                throw new PolicyException(source, List.of(e.toString()));
            }
            JacksonException j = (JacksonException) e;
            String where = j.getLocation() == null ? "" : "line " + j.getLocation().getLineNr() + ": ";
            throw new PolicyException(source, List.of(where + "not valid YAML: " + j.getOriginalMessage()));
        }
        PolicyReader reader = new PolicyReader();
        TenantPolicy policy = reader.policy(root == null ? YAML.createObjectNode() : root);
        if (!reader.problems.isEmpty()) {
            throw new PolicyException(source, reader.problems);
        }
        return policy;
    }

    private TenantPolicy policy(JsonNode root) {
        if (root.isMissingNode() || root.isNull()) {
            return TenantPolicy.NONE;
        }
        if (!root.isObject()) {
            problems.add("the policy must be a mapping with \"rules\"");
            return TenantPolicy.NONE;
        }
        onlyKnownKeys(root, TOP_KEYS, "");
        String exemptKey = TenantPolicy.DEFAULT_EXEMPT_LABEL;
        String exemptValue = TenantPolicy.DEFAULT_EXEMPT_VALUE;
        JsonNode exempt = root.path("exemptNamespaceLabel");
        if (!exempt.isMissingNode()) {
            onlyKnownKeys(exempt, Set.of("key", "value"), "exemptNamespaceLabel");
            exemptKey = labelKey(exempt.path("key"), "exemptNamespaceLabel.key");
            exemptValue = labelValue(exempt.path("value"), "exemptNamespaceLabel.value");
        }
        List<PolicyRule> rules = new ArrayList<>();
        JsonNode list = root.path("rules");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            problems.add("rules: must be a list");
        } else if (list.isArray()) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                PolicyRule rule = rule(list.get(i), "rules[" + i + "]");
                if (rule != null && !names.add(rule.name())) {
                    problems.add("rules[" + i + "].name: Duplicate value: \"" + rule.name() + "\"");
                }
                rules.add(rule);
            }
        }
        return new TenantPolicy(exemptKey, exemptValue, rules.stream().filter(r -> r != null).toList());
    }

    private PolicyRule rule(JsonNode node, String at) {
        if (!node.isObject()) {
            problems.add(at + ": must be a mapping");
            return null;
        }
        onlyKnownKeys(node, RULE_KEYS, at);
        String name = text(node.path("name"), at + ".name");
        if (name != null && name.isEmpty()) {
            problems.add(at + ".name: Required value");
        }
        Enforcement enforcement = Enforcement.DENY;
        JsonNode mode = node.path("enforcement");
        if (!mode.isMissingNode()) {
            String m = text(mode, at + ".enforcement");
            if ("deny".equals(m) || "warn".equals(m)) {
                enforcement = Enforcement.valueOf(m.toUpperCase(Locale.ROOT));
            } else if (m != null) {
                problems.add(at + ".enforcement: Unsupported value: \"" + m + "\": supported values: \"deny\", \"warn\"");
            }
        }
        NamespaceSelector selector = selector(node.path("namespaceSelector"), at + ".namespaceSelector");
        List<PolicyConstraint> constraints = new ArrayList<>();
        if (node.has("allowedRegions")) {
            List<String> regions = strings(node.get("allowedRegions"), at + ".allowedRegions");
            if (regions.isEmpty()) {
                problems.add(at + ".allowedRegions: must list at least one region");
            }
            constraints.add(new AllowedRegions(regions));
        }
        if (node.has("tableNamePattern")) {
            String pattern = text(node.get("tableNamePattern"), at + ".tableNamePattern");
            if (pattern != null && pattern.isEmpty()) {
                problems.add(at + ".tableNamePattern: Required value");
            }
            constraints.add(new TableNamePattern(pattern == null ? "" : pattern));
        }
        if (node.has("endpoint")) {
            constraints.add(endpoint(node.get("endpoint"), at + ".endpoint"));
        }
        if (node.has("maxReadCapacity")) {
            constraints.add(MaximumValue.readCapacity(positive(node.get("maxReadCapacity"), at + ".maxReadCapacity")));
        }
        if (node.has("maxWriteCapacity")) {
            constraints.add(MaximumValue.writeCapacity(positive(node.get("maxWriteCapacity"), at + ".maxWriteCapacity")));
        }
        if (node.has("maxParallel")) {
            constraints.add(MaximumValue.maxParallel(positive(node.get("maxParallel"), at + ".maxParallel")));
        }
        if (flag(node, "requireCredentials", at, false)) {
            constraints.add(new CredentialsRequired());
        }
        if (flag(node, "requireHighAvailability", at, false)) {
            constraints.add(new HighAvailabilityRequired());
        }
        if (!flag(node, "allowEnvOverrides", at, false)) {
            constraints.add(new NoEnvironmentOverrides());
        }
        return new PolicyRule(name == null ? "" : name, enforcement, selector, constraints);
    }

    private NamespaceSelector selector(JsonNode node, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return NamespaceSelector.EVERYTHING;
        }
        if (!node.isObject()) {
            problems.add(at + ": must be a label selector (matchLabels, matchExpressions)");
            return NamespaceSelector.EVERYTHING;
        }
        onlyKnownKeys(node, Set.of("matchLabels", "matchExpressions"), at);
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode matchLabels = node.path("matchLabels");
        if (matchLabels.isObject()) {
            matchLabels.fields().forEachRemaining(e -> {
                String key = at + ".matchLabels";
                if (!LABEL_KEY.matcher(e.getKey()).matches()) {
                    problems.add(key + ": Invalid value: \"" + e.getKey() + "\": not a label key");
                }
                labels.put(e.getKey(), labelValue(e.getValue(), key + "." + e.getKey()));
            });
        } else if (!matchLabels.isMissingNode() && !matchLabels.isNull()) {
            problems.add(at + ".matchLabels: must be a mapping of label to value");
        }
        List<NamespaceSelector.Requirement> requirements = new ArrayList<>();
        JsonNode expressions = node.path("matchExpressions");
        if (expressions.isArray()) {
            for (int i = 0; i < expressions.size(); i++) {
                NamespaceSelector.Requirement r = requirement(expressions.get(i), at + ".matchExpressions[" + i + "]");
                if (r != null) {
                    requirements.add(r);
                }
            }
        } else if (!expressions.isMissingNode() && !expressions.isNull()) {
            problems.add(at + ".matchExpressions: must be a list");
        }
        return new NamespaceSelector(labels, requirements);
    }

    private NamespaceSelector.Requirement requirement(JsonNode node, String at) {
        if (!node.isObject()) {
            problems.add(at + ": must be a mapping with key, operator and values");
            return null;
        }
        onlyKnownKeys(node, Set.of("key", "operator", "values"), at);
        String key = labelKey(node.path("key"), at + ".key");
        String op = text(node.path("operator"), at + ".operator");
        NamespaceSelector.Operator operator;
        try {
            operator = NamespaceSelector.Operator.valueOf(op == null ? "" : op);
        } catch (IllegalArgumentException e) {
            if (op != null) {
                problems.add(at + ".operator: Unsupported value: \"" + op + "\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\"");
            }
            return null;
        }
        List<String> values = node.has("values") ? strings(node.get("values"), at + ".values") : List.of();
        boolean needsValues = operator == NamespaceSelector.Operator.In || operator == NamespaceSelector.Operator.NotIn;
        if (needsValues && values.isEmpty()) {
            problems.add(at + ".values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
        } else if (!needsValues && !values.isEmpty()) {
            problems.add(at + ".values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
        }
        return new NamespaceSelector.Requirement(key, operator, new LinkedHashSet<>(values));
    }

    private EndpointPolicy endpoint(JsonNode node, String at) {
        if (!node.isObject()) {
            problems.add(at + ": must be {forbidden: true} or {allowed: [...]}");
            return new EndpointPolicy(true, List.of());
        }
        onlyKnownKeys(node, Set.of("forbidden", "allowed"), at);
        boolean forbidden = flag(node, "forbidden", at, false);
        List<String> allowed = node.has("allowed") ? strings(node.get("allowed"), at + ".allowed") : List.of();
        if (forbidden == node.has("allowed")) {
            problems.add(at + ": set exactly one of forbidden: true or allowed: [...]");
        }
        return new EndpointPolicy(forbidden, allowed);
    }

    private void onlyKnownKeys(JsonNode node, Set<String> known, String at) {
        if (!node.isObject()) {
            problems.add((at.isEmpty() ? "" : at + ": ") + "must be a mapping");
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add((at.isEmpty() ? "" : at + ".") + name + ": unknown field; known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private String text(JsonNode node, String at) {
        if (!node.isTextual()) {
            problems.add(at + (node.isMissingNode() ? ": Required value" : ": must be a string"));
            return null;
        }
        return node.asText();
    }

    private String labelKey(JsonNode node, String at) {
        String key = text(node, at);
        if (key != null && !LABEL_KEY.matcher(key).matches()) {
            problems.add(at + ": Invalid value: \"" + key + "\": not a label key");
        }
        return key == null ? "" : key;
    }

    private String labelValue(JsonNode node, String at) {
        String value = text(node, at);
        if (value != null && !LABEL_VALUE.matcher(value).matches()) {
            problems.add(at + ": Invalid value: \"" + value + "\": not a label value");
        }
        return value == null ? "" : value;
    }

    private List<String> strings(JsonNode node, String at) {
        if (!node.isArray()) {
            problems.add(at + ": must be a list of strings");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String s = text(node.get(i), at + "[" + i + "]");
            if (s != null) {
                values.add(s);
            }
        }
        return values;
    }

    private long positive(JsonNode node, String at) {
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.asLong() < 1) {
            problems.add(at + ": must be a whole number of at least 1");
            return Long.MAX_VALUE;
        }
        return node.asLong();
    }

    private boolean flag(JsonNode node, String key, String at, boolean otherwise) {
        JsonNode value = node.path(key);
        if (value.isMissingNode()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            problems.add(at + "." + key + ": must be true or false");
            return otherwise;
        }
        return value.asBoolean();
    }
}
