package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.DynamoDbField;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.rule.ObjectRule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A non-empty {@code table} follows AWS's table name rules: 3 to 255 characters from {@code [A-Za-z0-9_.-]}. */
public final class TableNameRule implements ObjectRule {

    public static final String ID = "dynamodb.table";

    @Override
    public String id() {
        return ID;
    }

    static final int MIN_LENGTH = 3;
    static final int MAX_LENGTH = 255;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.-]*");

    @Override
    public void check(VaultServer vaultServer, Findings findings) {
        vaultServer.dynamoDbText(DynamoDbField.TABLE).filter(HclSafeStringsRule::isSafe).ifPresent(table -> {
            List<String> wrong = new ArrayList<>();
            if (table.length() < MIN_LENGTH || table.length() > MAX_LENGTH) {
                wrong.add("must be 3 to 255 characters long (it has " + table.length() + ")");
            }
            if (!ALLOWED.matcher(table).matches()) {
                wrong.add("must contain only letters, digits, '_', '.' and '-'");
            }
            if (!wrong.isEmpty()) {
                findings.error(FieldError.invalid(DynamoDbField.TABLE.path(), table,
                        String.join(" and ", wrong) + " (AWS DynamoDB table name rules)"));
            }
        });
    }
}
