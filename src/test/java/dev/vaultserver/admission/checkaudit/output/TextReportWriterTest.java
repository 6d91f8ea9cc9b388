package dev.vaultserver.admission.checkaudit.output;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text writer: verdicts, causes, warnings, the defaulted object or the patch, and the summary. */
class TextReportWriterTest {

    @Test
    void textShowsVerdictsCausesWarningsTheDefaultedObjectAndTheSummary() throws Exception {
        String text = SampleReport.written(new TextReportWriter(false));
        assertEquals("""
                DENIED  kubevault.com/v1alpha2 team-a/vault  deploy/vault.yaml:1
                  status:  422 Invalid
                  error:   spec.backend.dynamodb.readCapacity: Invalid value: -5: must be at least 1
                  warning: spec.replicas: 3 replicas without haEnabled
                ALLOWED  kubevault.com/v1alpha2 team-a/other  deploy/vault.yaml:20
                  defaulted object:
                    spec:
                      backend:
                        dynamodb:
                          readCapacity: 5
                skipped  ConfigMap settings  deploy/vault.yaml:40  (not a VaultServer)
                2 checked: 1 allowed, 1 denied; 1 skipped
                """, text);
        String withPatch = SampleReport.written(new TextReportWriter(true));
        assertTrue(withPatch.contains("  patch:\n    add /spec/backend/dynamodb/readCapacity 5\n"), withPatch);
        assertTrue(withPatch.contains("  patch:   none\n"), withPatch);
    }

}
