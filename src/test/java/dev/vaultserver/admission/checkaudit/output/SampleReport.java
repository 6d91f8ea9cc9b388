package dev.vaultserver.admission.checkaudit.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.checkaudit.report.Cause;
import dev.vaultserver.admission.checkaudit.report.ObjectResult;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.checkaudit.report.Result;
import dev.vaultserver.admission.checkaudit.report.Skipped;
import dev.vaultserver.admission.checkaudit.report.Source;
import dev.vaultserver.admission.checkaudit.report.Status;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;


/** A typed report for the writers' tests: one denied and one allowed VaultServer, and a skipped document. */
final class SampleReport {

    private SampleReport() {
    }


    private static final ObjectMapper JSON = new ObjectMapper();

    static Report report() throws Exception {
        Source denied = Source.document("deploy/vault.yaml", 1, 1);
        Source allowed = Source.document("deploy/vault.yaml", 2, 20);
        Result deny = new ObjectResult(denied, "kubevault.com/v1alpha2", "team-a", "vault", false,
                new Status(422, "Invalid", "VaultServer.kubevault.com \"vault\" is invalid: spec.backend.dynamodb.readCapacity: Invalid value: -5"),
                List.of(new Cause("spec.backend.dynamodb.readCapacity", "FieldValueInvalid", "Invalid value: -5: must be at least 1",
                        "dynamodb.capacity", 12)),
                JSON.readTree("[]"), JSON.readTree("{}"),
                List.of(new Result.Warning("dynamodb.ha", "spec.replicas", "3 replicas without haEnabled", 8)));
        Result allow = new ObjectResult(allowed, "kubevault.com/v1alpha2", "team-a", "other", true, null, List.of(),
                JSON.readTree("[{\"op\": \"add\", \"path\": \"/spec/backend/dynamodb/readCapacity\", \"value\": 5}]"),
                JSON.readTree("{\"spec\": {\"backend\": {\"dynamodb\": {\"readCapacity\": 5}}}}"), List.of());
        return Report.of("CheckReport", List.of(deny, allow),
                List.of(new Skipped(Source.document("deploy/vault.yaml", 3, 40), "v1", "ConfigMap", "settings", "not a VaultServer")));
    }

    /** What a writer writes of the sample report. */
    static String written(ReportWriter writer) throws Exception {
        StringWriter out = new StringWriter();
        writer.write(report(), new PrintWriter(out));
        return out.toString();
    }
}
