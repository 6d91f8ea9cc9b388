package dev.vaultserver.admission.checkaudit.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.checkaudit.doctor.DoctorFinding;
import dev.vaultserver.admission.checkaudit.doctor.DoctorReport;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** doctor's report in check's formats, and its exit codes. */
class DoctorReportWriterTest {

    static final DoctorReport REPORT = new DoctorReport("vsa", "vault-system", List.of("webhook.timeout", "availability.disruption-budget", "crd.versions"),
            List.of(new DoctorFinding("webhook.timeout", DoctorFinding.Severity.ERROR, "ValidatingWebhookConfiguration vsa", "timeoutSeconds is 30",
                            "timeoutSeconds: 5"),
                    new DoctorFinding("availability.disruption-budget", DoctorFinding.Severity.WARNING, "Deployment vault-system/vsa", "no budget",
                            "podDisruptionBudget.enabled: true")), null);

    private static String written(DoctorReport report, ReportFormat format) {
        StringWriter out = new StringWriter();
        DoctorReportWriter.write(report, format, new PrintWriter(out));
        return out.toString();
    }

    @Test
    void eachFormatCarriesEveryFindingWithItsIdSeverityAndFix() throws Exception {
        String text = written(REPORT, ReportFormat.text);
        assertTrue(text.startsWith("doctor: release vsa in namespace vault-system: 3 checks, 1 errors, 1 warnings\n"), text);
        assertTrue(text.contains("ERROR    webhook.timeout  ValidatingWebhookConfiguration vsa\n         timeoutSeconds is 30\n         fix: timeoutSeconds: 5"), text);
        assertTrue(text.endsWith("OK       crd.versions\n"), text);

        JsonNode json = new ObjectMapper().readTree(written(REPORT, ReportFormat.json));
        assertEquals("DoctorReport", json.path("kind").asText());
        assertEquals("{\"checks\":3,\"errors\":1,\"warnings\":1}", json.path("summary").toString());
        assertEquals("{\"id\":\"webhook.timeout\",\"severity\":\"error\",\"subject\":\"ValidatingWebhookConfiguration vsa\",\"message\":\"timeoutSeconds is 30\","
                + "\"fix\":\"timeoutSeconds: 5\"}", json.path("findings").get(0).toString());

        String junit = written(REPORT, ReportFormat.junit);
        assertTrue(junit.contains("<testsuite name=\"doctor\" tests=\"3\" failures=\"1\" errors=\"0\">"), junit);
        assertTrue(junit.contains("<testcase classname=\"doctor.vsa\" name=\"webhook.timeout\"><failure type=\"webhook.timeout\""), junit);
        assertTrue(junit.contains("<testcase classname=\"doctor.vsa\" name=\"crd.versions\"></testcase>"), junit);

        assertEquals(List.of("::error title=doctor [webhook.timeout] ValidatingWebhookConfiguration vsa::timeoutSeconds is 30 Fix: timeoutSeconds: 5",
                "::warning title=doctor [availability.disruption-budget] Deployment vault-system/vsa::no budget Fix: podDisruptionBudget.enabled: true",
                "DoctorReport: 3 checks, 1 errors, 1 warnings"), written(REPORT, ReportFormat.github).lines().toList());
    }

    @Test
    void exitCodesAreChecks() {
        assertEquals(1, REPORT.exitCode(), "an error");
        assertEquals(0, new DoctorReport("vsa", "ns", List.of("a"), List.of(REPORT.findings().get(1)), null).exitCode(), "warnings only");
        assertEquals(2, DoctorReport.failed("not installed").exitCode());
        assertTrue(written(DoctorReport.failed("not installed"), ReportFormat.json).contains("\"error\" : \"not installed\""));
    }
}
