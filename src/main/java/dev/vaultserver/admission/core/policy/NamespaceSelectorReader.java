package dev.vaultserver.admission.core.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a rule's {@code namespaceSelector}: Kubernetes's label selector ({@code matchLabels},
 * {@code matchExpressions} with In, NotIn, Exists, DoesNotExist), each mistake reported where it is.
 * No selector selects every namespace.
 */
final class NamespaceSelectorReader {

    private final PolicyFields fields;

    NamespaceSelectorReader(PolicyFields fields) {
        this.fields = fields;
    }

    NamespaceSelector read(JsonNode node, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return NamespaceSelector.EVERYTHING;
        }
        if (!node.isObject()) {
            fields.problem(at + ": must be a label selector (matchLabels, matchExpressions)");
            return NamespaceSelector.EVERYTHING;
        }
        fields.onlyKnownKeys(node, Set.of("matchLabels", "matchExpressions"), at);
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode matchLabels = node.path("matchLabels");
        if (matchLabels.isObject()) {
            matchLabels.fields().forEachRemaining(e -> {
                String key = at + ".matchLabels";
                if (!PolicyFields.LABEL_KEY.matcher(e.getKey()).matches()) {
                    fields.problem(key + ": Invalid value: \"" + e.getKey() + "\": not a label key");
                }
                labels.put(e.getKey(), fields.labelValue(e.getValue(), key + "." + e.getKey()));
            });
        } else if (!matchLabels.isMissingNode() && !matchLabels.isNull()) {
            fields.problem(at + ".matchLabels: must be a mapping of label to value");
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
            fields.problem(at + ".matchExpressions: must be a list");
        }
        return new NamespaceSelector(labels, requirements);
    }

    private NamespaceSelector.Requirement requirement(JsonNode node, String at) {
        if (!node.isObject()) {
            fields.problem(at + ": must be a mapping with key, operator and values");
            return null;
        }
        fields.onlyKnownKeys(node, Set.of("key", "operator", "values"), at);
        String key = fields.labelKey(node.path("key"), at + ".key");
        String op = fields.text(node.path("operator"), at + ".operator");
        NamespaceSelector.Operator operator;
        try {
            operator = NamespaceSelector.Operator.valueOf(op == null ? "" : op);
        } catch (IllegalArgumentException e) {
            if (op != null) {
                fields.problem(at + ".operator: Unsupported value: \"" + op + "\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\"");
            }
            return null;
        }
        List<String> values = node.has("values") ? fields.strings(node.get("values"), at + ".values") : List.of();
        boolean needsValues = operator == NamespaceSelector.Operator.In || operator == NamespaceSelector.Operator.NotIn;
        if (needsValues && values.isEmpty()) {
            fields.problem(at + ".values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
        } else if (!needsValues && !values.isEmpty()) {
            fields.problem(at + ".values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
        }
        return new NamespaceSelector.Requirement(key, operator, new LinkedHashSet<>(values));
    }
}
