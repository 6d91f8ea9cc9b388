package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.DynamoDbField;
import dev.vaultserver.admission.core.model.JsonType;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.rule.ObjectRule;

import java.util.List;
import java.util.OptionalLong;

/**
 * {@code readCapacity}, {@code writeCapacity} and {@code maxParallel} may not be negative; 0 means "use
 * the default", as Vault and the operator read it. Provisioned capacity above AWS's default per-table
 * quota of 40,000 units is legal (the quota can be raised) but gets a warning.
 */
public final class CapacityRule implements ObjectRule {

    public static final String ID = "dynamodb.capacity";

    @Override
    public String id() {
        return ID;
    }

    /** AWS's default per-table quota of read (and of write) capacity units. */
    public static final long AWS_DEFAULT_TABLE_QUOTA = 40_000;

    private static final List<DynamoDbField> CAPACITIES = List.of(DynamoDbField.READ_CAPACITY, DynamoDbField.WRITE_CAPACITY);

    @Override
    public void check(VaultServer vaultServer, Findings findings) {
        for (DynamoDbField field : List.of(DynamoDbField.READ_CAPACITY, DynamoDbField.WRITE_CAPACITY, DynamoDbField.MAX_PARALLEL)) {
            OptionalLong value = JsonType.asLong(vaultServer.dynamoDb(field));
            if (value.isEmpty()) {
                continue; // absent, or of the wrong type (DynamoDbFieldTypesRule reports that)
            }
            long n = value.getAsLong();
            if (n < 0) {
                findings.error(FieldError.invalid(field.path(), vaultServer.dynamoDb(field),
                        "must be at least 1 (0 or unset means the default, " + field.defaultValue().orElseThrow() + ")"));
            } else if (CAPACITIES.contains(field) && n > AWS_DEFAULT_TABLE_QUOTA) {
                findings.warning(field.path(), n + " capacity units is above AWS's default quota of 40,000 per table;"
                        + " Vault cannot create the table unless the account's quota was raised");
            }
        }
    }
}
