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
import java.util.List;
import java.util.Locale;
import java.util.Set;

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

    private final PolicyFields fields = new PolicyFields();
    private final List<String> warnings = new ArrayList<>();
    private final NamespaceSelectorReader selectors = new NamespaceSelectorReader(fields);

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
        if (!reader.fields.problems().isEmpty()) {
            throw new PolicyException(source, reader.fields.problems());
        }
        return policy;
    }

    private TenantPolicy policy(JsonNode root) {
        if (root.isMissingNode() || root.isNull()) {
            return TenantPolicy.NONE;
        }
        if (!root.isObject()) {
            fields.problem("the policy must be a mapping with \"rules\"");
            return TenantPolicy.NONE;
        }
        fields.onlyKnownKeys(root, TOP_KEYS, "");
        String exemptKey = TenantPolicy.DEFAULT_EXEMPT_LABEL;
        String exemptValue = TenantPolicy.DEFAULT_EXEMPT_VALUE;
        JsonNode exempt = root.path("exemptNamespaceLabel");
        if (!exempt.isMissingNode()) {
            fields.onlyKnownKeys(exempt, Set.of("key", "value"), "exemptNamespaceLabel");
            exemptKey = fields.labelKey(exempt.path("key"), "exemptNamespaceLabel.key");
            exemptValue = fields.labelValue(exempt.path("value"), "exemptNamespaceLabel.value");
        }
        List<PolicyRule> rules = new ArrayList<>();
        JsonNode list = root.path("rules");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            fields.problem("rules: must be a list");
        } else if (list.isArray()) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                PolicyRule rule = rule(list.get(i), "rules[" + i + "]");
                if (rule != null && !names.add(rule.name())) {
                    fields.problem("rules[" + i + "].name: Duplicate value: \"" + rule.name() + "\"");
                }
                rules.add(rule);
            }
        }
        return new TenantPolicy(exemptKey, exemptValue, rules.stream().filter(r -> r != null).toList(), warnings);
    }

    private PolicyRule rule(JsonNode node, String at) {
        if (!node.isObject()) {
            fields.problem(at + ": must be a mapping");
            return null;
        }
        fields.onlyKnownKeys(node, RULE_KEYS, at);
        String name = fields.text(node.path("name"), at + ".name");
        if (name != null && name.isEmpty()) {
            fields.problem(at + ".name: Required value");
        }
        Enforcement enforcement = Enforcement.DENY;
        JsonNode mode = node.path("enforcement");
        if (!mode.isMissingNode()) {
            String m = fields.text(mode, at + ".enforcement");
            if ("deny".equals(m) || "warn".equals(m)) {
                enforcement = Enforcement.valueOf(m.toUpperCase(Locale.ROOT));
            } else if (m != null) {
                fields.problem(at + ".enforcement: Unsupported value: \"" + m + "\": supported values: \"deny\", \"warn\"");
            }
        }
        NamespaceSelector selector = selectors.read(node.path("namespaceSelector"), at + ".namespaceSelector");
        List<PolicyConstraint> constraints = new ArrayList<>();
        if (node.has("allowedRegions")) {
            List<String> regions = fields.strings(node.get("allowedRegions"), at + ".allowedRegions");
            if (regions.isEmpty()) {
                fields.problem(at + ".allowedRegions: must list at least one region");
            }
            constraints.add(new AllowedRegions(regions));
        }
        if (node.has("tableNamePattern")) {
            String pattern = fields.text(node.get("tableNamePattern"), at + ".tableNamePattern");
            if (pattern != null && pattern.isEmpty()) {
                fields.problem(at + ".tableNamePattern: Required value");
            }
            constraints.add(new TableNamePattern(pattern == null ? "" : pattern));
            TableNamePattern.squattable(pattern == null ? "" : pattern).ifPresent(w -> warnings.add(at + ".tableNamePattern: " + w));
        }
        if (node.has("endpoint")) {
            constraints.add(endpoint(node.get("endpoint"), at + ".endpoint"));
        }
        if (node.has("maxReadCapacity")) {
            constraints.add(MaximumValue.readCapacity(fields.positive(node.get("maxReadCapacity"), at + ".maxReadCapacity")));
        }
        if (node.has("maxWriteCapacity")) {
            constraints.add(MaximumValue.writeCapacity(fields.positive(node.get("maxWriteCapacity"), at + ".maxWriteCapacity")));
        }
        if (node.has("maxParallel")) {
            constraints.add(MaximumValue.maxParallel(fields.positive(node.get("maxParallel"), at + ".maxParallel")));
        }
        if (fields.flag(node, "requireCredentials", at, false)) {
            constraints.add(new CredentialsRequired());
        }
        if (fields.flag(node, "requireHighAvailability", at, false)) {
            constraints.add(new HighAvailabilityRequired());
        }
        if (!fields.flag(node, "allowEnvOverrides", at, false)) {
            constraints.add(new NoEnvironmentOverrides());
        }
        return new PolicyRule(name == null ? "" : name, enforcement, selector, constraints);
    }

    private EndpointPolicy endpoint(JsonNode node, String at) {
        if (!node.isObject()) {
            fields.problem(at + ": must be {forbidden: true} or {allowed: [...]}");
            return new EndpointPolicy(true, List.of());
        }
        fields.onlyKnownKeys(node, Set.of("forbidden", "allowed"), at);
        boolean forbidden = fields.flag(node, "forbidden", at, false);
        List<String> allowed = node.has("allowed") ? fields.strings(node.get("allowed"), at + ".allowed") : List.of();
        if (forbidden == node.has("allowed")) {
            fields.problem(at + ": set exactly one of forbidden: true or allowed: [...]");
        }
        return new EndpointPolicy(forbidden, allowed);
    }
}
