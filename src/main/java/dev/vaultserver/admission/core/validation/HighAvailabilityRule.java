package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.DynamoDbField;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.rule.ObjectRule;

/**
 * Several Vault replicas on one DynamoDB table need {@code haEnabled: true}: without DynamoDB's HA lock
 * the replicas do not coordinate which one is active. Legal, so a warning.
 */
public final class HighAvailabilityRule implements ObjectRule {

    public static final String ID = "dynamodb.ha";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(VaultServer vaultServer, Findings findings) {
        if (vaultServer.dynamoDb().isEmpty()) {
            return;
        }
        long replicas = vaultServer.replicas().orElse(1);
        boolean haEnabled = vaultServer.dynamoDb(DynamoDbField.HA_ENABLED).isBoolean() && vaultServer.dynamoDb(DynamoDbField.HA_ENABLED).booleanValue();
        if (replicas > 1 && !haEnabled) {
            findings.warning("spec.replicas", replicas + " replicas share one DynamoDB table but "
                    + DynamoDbField.HA_ENABLED.path() + " is not true: the replicas have no HA lock to agree on"
                    + " one active Vault; set haEnabled: true or replicas: 1");
        }
    }
}
