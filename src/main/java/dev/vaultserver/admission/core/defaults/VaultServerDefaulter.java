package dev.vaultserver.admission.core.defaults;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.core.admission.AdmissionAttributes;
import dev.vaultserver.admission.core.admission.AdmissionDecision;
import dev.vaultserver.admission.core.admission.AdmissionHandler;
import dev.vaultserver.admission.core.model.DynamoDbField;
import dev.vaultserver.admission.core.model.JsonType;
import dev.vaultserver.admission.core.model.VaultServer;

import java.util.List;

/**
 * The mutating webhook's decision: writes each documented DynamoDB default whose field is unset, as an
 * RFC 6902 patch on the raw object ({@code add} where the field is absent, {@code replace} where it is
 * {@code null}, an empty string or 0). A value of the wrong type or out of range is not rewritten:
 * the validating webhook refuses it. Fields the webhook does not know are never touched, and the
 * patched object yields no patch when sent again.
 */
public final class VaultServerDefaulter implements AdmissionHandler {

    private static final JsonPointer DYNAMODB = JsonPointer.compile("/spec/backend/dynamodb");

    @Override
    public AdmissionDecision handle(AdmissionAttributes request) {
        return request.vaultServer()
                .map(vs -> AdmissionDecision.allowWithPatch(patchFor(vs)))
                .orElseGet(AdmissionDecision::allow);
    }

    /** The patch that writes the missing defaults; empty when nothing is missing or there is no DynamoDB backend. */
    public ArrayNode patchFor(VaultServer vaultServer) {
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        vaultServer.dynamoDb().ifPresent(dynamoDb -> {
            for (DynamoDbField field : DynamoDbField.values()) {
                field.defaultValue().ifPresent(defaultValue -> addDefault(patch, dynamoDb, field, defaultValue));
            }
        });
        return patch;
    }

    private static void addDefault(ArrayNode patch, ObjectNode dynamoDb, DynamoDbField field, JsonNode defaultValue) {
        JsonNode current = dynamoDb.get(field.jsonName());
        if (current != null && !isUnset(field, current)) {
            return;
        }
        patch.addObject()
                .put("op", current == null ? "add" : "replace")
                .put("path", DYNAMODB.appendProperty(field.jsonName()).toString())
                .set("value", defaultValue);
    }

    /** Whether a present value means "use the default": null, or the zero value of the field's own type. */
    static boolean isUnset(DynamoDbField field, JsonNode value) {
        if (value.isNull()) {
            return true;
        }
        return switch (field.type()) {
            case STRING -> value.isTextual() && value.asText().isEmpty();
            case INTEGER -> JsonType.asLong(value).orElse(-1) == 0;
            case BOOLEAN, OBJECT -> false;
        };
    }
}
