package dev.vaultserver.admission.core.policy.constraint;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.DynamoDbField;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;

/**
 * {@code requireCredentials}: the VaultServer must name its own AWS credential Secret. Without one,
 * Vault falls back to the AWS credential chain, ending at the node's instance role: the tenant would
 * borrow the cluster's AWS identity.
 */
public record CredentialsRequired() implements PolicyConstraint {

    @Override
    public void check(PolicySubject subject, Findings findings) {
        boolean v1alpha1 = subject.vaultServer().version() == VaultServerVersion.V1ALPHA1;
        String name = v1alpha1
                ? subject.vaultServer().dynamoDb(DynamoDbField.CREDENTIAL_SECRET).asText("")
                : subject.vaultServer().dynamoDb(DynamoDbField.CREDENTIAL_SECRET_REF).path("name").asText("");
        if (name.isEmpty()) {
            String field = v1alpha1 ? DynamoDbField.CREDENTIAL_SECRET.path() : DynamoDbField.CREDENTIAL_SECRET_REF.path() + ".name";
            findings.error(FieldError.required(field,
                    "a credential Secret is required: without one Vault uses the AWS credential chain, down to the node's instance role"));
        }
    }
}
