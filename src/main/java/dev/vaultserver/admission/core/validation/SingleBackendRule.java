package dev.vaultserver.admission.core.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.rule.ObjectRule;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code spec.backend} must name exactly one storage backend. Every key with a non-null value counts,
 * not a fixed list, so backends added by newer KubeVault releases count too.
 */
public final class SingleBackendRule implements ObjectRule {

    public static final String ID = "backend.single";

    @Override
    public String id() {
        return ID;
    }

    static final String FIELD = "spec.backend";

    @Override
    public void check(VaultServer vaultServer, Findings findings) {
        JsonNode backend = vaultServer.backend();
        if (backend.isMissingNode() || backend.isNull()) {
            findings.error(FieldError.required(FIELD, "exactly one storage backend must be specified, e.g. dynamodb"));
            return;
        }
        if (!backend.isObject()) {
            findings.error(FieldError.typeInvalid(FIELD, backend, "must be an object naming exactly one storage backend"));
            return;
        }
        List<String> named = new ArrayList<>();
        backend.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                named.add(e.getKey());
            }
        });
        if (named.isEmpty()) {
            findings.error(FieldError.required(FIELD, "exactly one storage backend must be specified, e.g. dynamodb"));
        } else if (named.size() > 1) {
            ArrayNode names = JsonNodeFactory.instance.arrayNode();
            named.forEach(names::add);
            findings.error(FieldError.invalid(FIELD, names,
                    "exactly one storage backend must be specified, found " + named.size() + ": " + String.join(", ", named)));
        }
    }
}
