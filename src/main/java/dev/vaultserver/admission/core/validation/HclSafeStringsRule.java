package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.DynamoDbField;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.rule.ObjectRule;

import java.util.List;

/**
 * {@code table}, {@code region} and {@code endpoint} are written unescaped between double quotes into
 * Vault's HCL configuration ({@code table = "%s"}): a double quote, a backslash, a newline or another
 * control character breaks that file or injects settings into it. Such values are refused here; the
 * format rules of these fields skip them, so each is reported once, with this reason.
 */
public final class HclSafeStringsRule implements ObjectRule {

    public static final String ID = "dynamodb.hcl-safe";

    @Override
    public String id() {
        return ID;
    }

    static final List<DynamoDbField> FIELDS = List.of(DynamoDbField.TABLE, DynamoDbField.REGION, DynamoDbField.ENDPOINT);

    @Override
    public void check(VaultServer vaultServer, Findings findings) {
        for (DynamoDbField field : FIELDS) {
            vaultServer.dynamoDbText(field).filter(v -> !isSafe(v)).ifPresent(v -> findings.error(FieldError.invalid(field.path(), v,
                    "must not contain double quotes, backslashes, newlines or other control characters"
                            + " (it is written unescaped into Vault's HCL configuration)")));
        }
    }

    /** Whether a string can stand between double quotes in HCL without escaping. */
    public static boolean isSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f || Character.getType(c) == Character.CONTROL) {
                return false;
            }
        }
        return true;
    }
}
