package dev.vaultserver.admission.core.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.DynamoDbField;
import dev.vaultserver.admission.core.model.JsonType;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.rule.ObjectRule;

/**
 * Every known field of {@code spec.backend.dynamodb} has the JSON type the CRD gives it: strings,
 * {@code haEnabled} a boolean, capacities and {@code maxParallel} 64-bit integers (a string, fraction
 * or boolean is refused), {@code credentialSecretRef} an object whose {@code name} is a string. The
 * other rules only look at values of the right type, so each bad value is reported once.
 */
public final class DynamoDbFieldTypesRule implements ObjectRule {

    public static final String ID = "dynamodb.types";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(VaultServer vaultServer, Findings findings) {
        JsonNode dynamoDb = vaultServer.dynamoDbNode();
        if (dynamoDb.isMissingNode() || dynamoDb.isNull()) {
            return;
        }
        if (!dynamoDb.isObject()) {
            findings.error(FieldError.typeInvalid(DynamoDbField.PATH, dynamoDb, "must be an object, not " + JsonType.describe(dynamoDb)));
            return;
        }
        for (DynamoDbField field : DynamoDbField.values()) {
            JsonNode value = dynamoDb.path(field.jsonName());
            if (value.isMissingNode() || value.isNull() || !field.existsIn(vaultServer.version())) {
                continue;
            }
            if (field.type() == JsonType.INTEGER && JsonType.isIntegerBeyond64Bits(value)) {
                // An integer, but one no 64-bit field holds (the API server's int64, Vault's strconv.ParseInt).
                findings.error(FieldError.invalid(field.path(), value, "must be an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                        + ": this integer is too " + (value.decimalValue().signum() < 0 ? "small" : "large")));
            } else if (!field.type().matches(value)) {
                findings.error(FieldError.typeInvalid(field.path(), value,
                        "must be " + field.type().description() + ", not " + JsonType.describe(value)));
            }
        }
        JsonNode refName = vaultServer.dynamoDb(DynamoDbField.CREDENTIAL_SECRET_REF).path("name");
        if (DynamoDbField.CREDENTIAL_SECRET_REF.existsIn(vaultServer.version())
                && !refName.isMissingNode() && !refName.isNull() && !refName.isTextual()) {
            findings.error(FieldError.typeInvalid(DynamoDbField.CREDENTIAL_SECRET_REF.path() + ".name", refName,
                    "must be a string, not " + JsonType.describe(refName)));
        }
    }
}
