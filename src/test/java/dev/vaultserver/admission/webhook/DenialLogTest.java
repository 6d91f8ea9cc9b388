package dev.vaultserver.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.core.StandardRules;
import dev.vaultserver.admission.core.rule.VaultServerValidator;
import dev.vaultserver.admission.local.DirectorySecretLookup;
import dev.vaultserver.admission.logging.JsonConsoleLogging;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One structured line per denial: the message names the object and every cause, the log context
 * carries them as separate fields, and with the JSON console formatter they become JSON fields.
 * The Secrets used hold CANARY values, which appear nowhere in the log.
 */
class DenialLogTest {

    private static final ObjectMapper JSON = ReviewJson.newMapper();
    private final Logger logger = Logger.getLogger(AdmissionWebhook.class.getName());
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext) {
                ext.copyAll(); // the MDC as it was at the log call
            }
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private java.util.logging.Level before;

    @BeforeEach
    void attach() {
        before = logger.getLevel();
        logger.setLevel(java.util.logging.Level.INFO);
        logger.addHandler(capture);
    }

    @AfterEach
    void detach() {
        logger.removeHandler(capture);
        logger.setLevel(before);
    }

    private static String review(String dynamoDb) {
        return """
                {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u-log", "operation": "CREATE",
                 "namespace": "demo", "kind": {"group": "kubevault.com", "version": "v1alpha2", "kind": "VaultServer"},
                 "object": {"apiVersion": "kubevault.com/v1alpha2", "kind": "VaultServer", "metadata": {"name": "vault"},
                            "spec": {"backend": {"dynamodb": %s}}}}}
                """.formatted(dynamoDb);
    }

    @Test
    void aDenialIsOneStructuredLineWithoutSecretValues() throws Exception {
        AdmissionWebhook webhook = new AdmissionWebhook(JSON);
        VaultServerValidator validator = StandardRules.validator(new DirectorySecretLookup(Path.of("src/test/resources/secrets")));
        webhook.serve(review("{'credentialSecretRef': {'name': 'aws-credentials'}, 'readCapacity': -1, 'region': 'mars-1'}".replace('\'', '"'))
                .getBytes(StandardCharsets.UTF_8), validator);
        webhook.serve(review("{'credentialSecretRef': {'name': 'aws-credentials'}}".replace('\'', '"')).getBytes(StandardCharsets.UTF_8), validator);

        assertEquals(1, records.size(), "one line for the denial, none for the allowed review");
        ExtLogRecord record = (ExtLogRecord) records.get(0);
        assertTrue(record.getFormattedMessage().startsWith("denied CREATE demo/vault (uid u-log, dryRun false, 422 Invalid): "),
                record.getFormattedMessage());
        assertEquals("demo", record.getMdc("admission.namespace"));
        assertEquals("vault", record.getMdc("admission.name"));
        assertEquals("422", record.getMdc("admission.code"));
        assertEquals("spec.backend.dynamodb.region,spec.backend.dynamodb.readCapacity", record.getMdc("admission.fields"));
        assertTrue(record.getMdc("admission.causes").contains("spec.backend.dynamodb.readCapacity: Invalid value: -1"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleHandler console = new ConsoleHandler(new org.jboss.logmanager.formatters.PatternFormatter("%m%n"));
        console.setOutputStream(out);
        assertEquals(1, JsonConsoleLogging.useJson(new Handler[] {console}));
        console.publish(record);
        console.flush();
        JsonNode line = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("INFO", line.path("level").asText());
        assertEquals("vault", line.path("mdc").path("admission.name").asText());
        assertEquals(record.getFormattedMessage(), line.path("message").asText());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("CANARY"));
        assertFalse(record.getFormattedMessage().contains("CANARY"));
    }

    @Test
    void aNewlineCannotForgeALogLineAndAMegabyteMakesNoMegabyteLine() throws Exception {
        AdmissionWebhook webhook = new AdmissionWebhook(JSON);
        VaultServerValidator validator = StandardRules.validator(new DirectorySecretLookup(Path.of("src/test/resources/secrets")));
        String forged = "x\n2026-12-02 08:00:00,000 INFO  [forged] (main) all good";
        String review = review("{\"readCapacity\": -1, \"table\": " + JSON.writeValueAsString("t".repeat(1 << 20)) + "}")
                .replace("\"u-log\"", JSON.writeValueAsString(forged)).replace("\"name\": \"vault\"", "\"name\": " + JSON.writeValueAsString(forged));
        webhook.serve(review.getBytes(StandardCharsets.UTF_8), validator);
        assertEquals(1, records.size());
        String line = ((ExtLogRecord) records.get(0)).getFormattedMessage();
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.contains("x\\n2026-12-02"), "the newline escaped: " + line);
        assertTrue(line.length() < 8192, "bounded: " + line.length());
        for (String field : new String[] {"admission.uid", "admission.name", "admission.causes"}) {
            String value = ((ExtLogRecord) records.get(0)).getMdc(field);
            assertFalse(value.contains("\n"), field + ": " + value);
            assertTrue(value.length() <= 8192, field + " bounded: " + value.length());
        }
    }
}
