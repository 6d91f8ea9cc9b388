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
import java.util.stream.Stream;

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

    /** Reads one constraint of a rule: {@code null} when the rule's value asks for none. */
    @FunctionalInterface
    private interface ConstraintReader {
        PolicyConstraint read(PolicyReader reader, JsonNode rule, String key, String at);
    }

    /**
     * A constraint's key in a rule and how it is read. Most apply only when their key is there; one that applies when its
     * key is absent ({@code allowEnvOverrides}: overrides are refused unless allowed) is read then too.
     */
    private record Constraint(String key, boolean readWhenAbsent, ConstraintReader reader) {}

    /**
     * Every constraint a rule may hold, in the order their violations are reported: the one place a constraint is
     * registered. docs/tenant-policy.md and the chart's values.yaml example name each (a test keeps them so).
     */
    private static final List<Constraint> CONSTRAINTS = List.of(
            new Constraint("allowedRegions", false, PolicyReader::allowedRegions),
            new Constraint("tableNamePattern", false, PolicyReader::tableNamePattern),
            new Constraint("endpoint", false, (r, rule, key, at) -> r.endpoint(rule.get(key), at + "." + key)),
            new Constraint("maxReadCapacity", false, (r, rule, key, at) -> MaximumValue.readCapacity(r.fields.positive(rule.get(key), at + "." + key))),
            new Constraint("maxWriteCapacity", false, (r, rule, key, at) -> MaximumValue.writeCapacity(r.fields.positive(rule.get(key), at + "." + key))),
            new Constraint("maxParallel", false, (r, rule, key, at) -> MaximumValue.maxParallel(r.fields.positive(rule.get(key), at + "." + key))),
            new Constraint("requireCredentials", false, (r, rule, key, at) -> r.fields.flag(rule, key, at, false) ? new CredentialsRequired() : null),
            new Constraint("requireHighAvailability", false,
                    (r, rule, key, at) -> r.fields.flag(rule, key, at, false) ? new HighAvailabilityRequired() : null),
            new Constraint("allowEnvOverrides", true, (r, rule, key, at) -> r.fields.flag(rule, key, at, false) ? null : new NoEnvironmentOverrides()));

    /** The keys of every constraint a rule may hold. */
    public static final List<String> CONSTRAINT_KEYS = CONSTRAINTS.stream().map(Constraint::key).toList();

    private static final Set<String> RULE_KEYS = Stream.concat(Stream.of("name", "enforcement", "namespaceSelector"),
            CONSTRAINT_KEYS.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());

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
        for (Constraint constraint : CONSTRAINTS) {
            if (node.has(constraint.key()) || constraint.readWhenAbsent()) {
                PolicyConstraint read = constraint.reader().read(this, node, constraint.key(), at);
                if (read != null) {
                    constraints.add(read);
                }
            }
        }
        return new PolicyRule(name == null ? "" : name, enforcement, selector, constraints);
    }

    private PolicyConstraint allowedRegions(JsonNode rule, String key, String at) {
        List<String> regions = fields.strings(rule.get(key), at + "." + key);
        if (regions.isEmpty()) {
            fields.problem(at + "." + key + ": must list at least one region");
        }
        return new AllowedRegions(regions);
    }

    private PolicyConstraint tableNamePattern(JsonNode rule, String key, String at) {
        String pattern = fields.text(rule.get(key), at + "." + key);
        if (pattern != null && pattern.isEmpty()) {
            fields.problem(at + "." + key + ": Required value");
        }
        String read = pattern == null ? "" : pattern;
        TableNamePattern.squattable(read).ifPresent(w -> warnings.add(at + "." + key + ": " + w));
        return new TableNamePattern(read);
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
