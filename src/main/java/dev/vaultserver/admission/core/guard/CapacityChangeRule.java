package dev.vaultserver.admission.core.guard;

import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.rule.VaultServerWrite;
import dev.vaultserver.admission.core.rule.WriteRule;

import java.util.Objects;

/**
 * Vault uses {@code read_capacity} and {@code write_capacity} only when it creates the table: an existing table is
 * never modified (hashicorp/vault {@code physical/dynamodb/dynamodb.go}, ensureTableExists; PR #5892, issue #25114 still
 * open). So an UPDATE that changes an effective capacity (env overrides and the default of 5 included) is allowed with a
 * warning that says so, and how to change the table in DynamoDB. A create gets no such warning.
 */
public final class CapacityChangeRule implements WriteRule {

    public static final String ID = "update.capacity";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(VaultServerWrite write, Findings findings) {
        if (!write.isUpdate() || write.backend().isEmpty() || write.oldBackend().isEmpty()) {
            return;
        }
        EffectiveBackend before = write.oldBackend().get();
        EffectiveBackend after = write.backend().get();
        warnIfChanged("read", before.readCapacity(), after.readCapacity(), after, findings);
        warnIfChanged("write", before.writeCapacity(), after.writeCapacity(), after, findings);
    }

    private static void warnIfChanged(String which, EffectiveBackend.Setting before, EffectiveBackend.Setting after, EffectiveBackend backend,
            Findings findings) {
        if (!before.known() || !after.known() || Objects.equals(before.value(), after.value())
                || before.asLong().isEmpty() || after.asLong().isEmpty()) {
            return;
        }
        findings.warning(after.field(), "Vault uses the " + which + " capacity only when it creates the table: table "
                + Echo.quoted(String.valueOf(backend.table().value())) + " keeps its " + before.asLong().getAsLong() + " " + which
                + " capacity units; to change it in DynamoDB: " + updateTable(backend));
    }

    /** {@code aws dynamodb update-table --table-name T --region R --provisioned-throughput ReadCapacityUnits=..,WriteCapacityUnits=..}. */
    private static String updateTable(EffectiveBackend backend) {
        String endpoint = backend.endpoint().known() && !backend.endpoint().value().isEmpty() ? " --endpoint-url " + Echo.bare(backend.endpoint().value()) : "";
        return "aws dynamodb update-table --table-name " + Echo.bare(String.valueOf(backend.table().value()))
                + " --region " + Echo.bare(String.valueOf(backend.dataRegion().value())) + endpoint
                + " --provisioned-throughput ReadCapacityUnits=" + units(backend.readCapacity()) + ",WriteCapacityUnits=" + units(backend.writeCapacity());
    }

    private static String units(EffectiveBackend.Setting capacity) {
        return capacity.asLong().isPresent() ? String.valueOf(capacity.asLong().getAsLong()) : "N";
    }
}
