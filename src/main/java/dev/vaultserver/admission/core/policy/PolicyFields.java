package dev.vaultserver.admission.core.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The typed values of a tenant policy file (strings, label keys and values, lists, whole numbers, flags,
 * mappings with known keys), each mistake collected with the path where it is, so that a file is refused
 * with every problem at once.
 */
final class PolicyFields {

    /** A Kubernetes label key: an optional DNS subdomain prefix and a name of up to 63 characters. */
    static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    private final List<String> problems = new ArrayList<>();

    void problem(String problem) {
        problems.add(problem);
    }

    List<String> problems() {
        return problems;
    }

    void onlyKnownKeys(JsonNode node, Set<String> known, String at) {
        if (!node.isObject()) {
            problem((at.isEmpty() ? "" : at + ": ") + "must be a mapping");
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problem((at.isEmpty() ? "" : at + ".") + name + ": unknown field; known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    String text(JsonNode node, String at) {
        if (!node.isTextual()) {
            problem(at + (node.isMissingNode() ? ": Required value" : ": must be a string"));
            return null;
        }
        return node.asText();
    }

    String labelKey(JsonNode node, String at) {
        String key = text(node, at);
        if (key != null && !LABEL_KEY.matcher(key).matches()) {
            problem(at + ": Invalid value: \"" + key + "\": not a label key");
        }
        return key == null ? "" : key;
    }

    String labelValue(JsonNode node, String at) {
        String value = text(node, at);
        if (value != null && !LABEL_VALUE.matcher(value).matches()) {
            problem(at + ": Invalid value: \"" + value + "\": not a label value");
        }
        return value == null ? "" : value;
    }

    List<String> strings(JsonNode node, String at) {
        if (!node.isArray()) {
            problem(at + ": must be a list of strings");
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

    long positive(JsonNode node, String at) {
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.asLong() < 1) {
            problem(at + ": must be a whole number of at least 1");
            return Long.MAX_VALUE;
        }
        return node.asLong();
    }

    boolean flag(JsonNode node, String key, String at, boolean otherwise) {
        JsonNode value = node.path(key);
        if (value.isMissingNode()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            problem(at + "." + key + ": must be true or false");
            return otherwise;
        }
        return value.asBoolean();
    }
}
