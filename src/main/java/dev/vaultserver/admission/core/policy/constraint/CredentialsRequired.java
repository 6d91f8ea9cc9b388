package dev.vaultserver.admission.core.policy.constraint;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.model.DynamoDbField;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;

import java.util.List;

/**
 * {@code requireCredentials}: the VaultServer must name its own AWS credential Secret. Without one,
 * Vault falls back to the AWS credential chain, ending at the node's instance role: the tenant would
 * borrow the cluster's AWS identity.
 */
public record CredentialsRequired() implements PolicyConstraint {

    @Override
    public void check(VaultServer vaultServer, EffectiveBackend backend, List<FieldError> violations) {
        boolean v1alpha1 = vaultServer.version() == VaultServerVersion.V1ALPHA1;
        String name = v1alpha1
                ? vaultServer.dynamoDb(DynamoDbField.CREDENTIAL_SECRET).asText("")
                : vaultServer.dynamoDb(DynamoDbField.CREDENTIAL_SECRET_REF).path("name").asText("");
        if (name.isEmpty()) {
            String field = v1alpha1 ? DynamoDbField.CREDENTIAL_SECRET.path() : DynamoDbField.CREDENTIAL_SECRET_REF.path() + ".name";
            violations.add(FieldError.required(field,
                    "a credential Secret is required: without one Vault uses the AWS credential chain, down to the node's instance role"));
        }
    }
}
