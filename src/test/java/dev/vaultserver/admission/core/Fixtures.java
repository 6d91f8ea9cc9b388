package dev.vaultserver.admission.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.core.admission.AdmissionAttributes;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.rule.ObjectRule;

import java.io.UncheckedIOException;
import java.util.List;

/** Builds VaultServer objects for tests from short JSON (single quotes allowed, for readable tables). */
public final class Fixtures {

    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Fixtures() {
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A VaultServer of that version in namespace {@code demo} whose spec is {@code specJson}. */
    public static VaultServer withSpec(VaultServerVersion version, String specJson) {
        ObjectNode object = JSON.createObjectNode();
        object.put("apiVersion", version.apiVersion()).put("kind", "VaultServer");
        object.putObject("metadata").put("name", "vault").put("namespace", "demo");
        object.set("spec", json(specJson));
        return new VaultServer(object, version, "demo");
    }

    /** A VaultServer whose only backend is {@code spec.backend.dynamodb = dynamoDbJson}. */
    public static VaultServer withDynamoDb(VaultServerVersion version, String dynamoDbJson) {
        return withSpec(version, "{'version': '1.12.1', 'backend': {'dynamodb': " + dynamoDbJson + "}}");
    }

    public static Findings check(ObjectRule rule, VaultServer vaultServer) {
        Findings findings = new Findings();
        rule.check(vaultServer, findings);
        return findings;
    }

    public static List<String> errors(Findings findings) {
        return findings.errors().stream().map(FieldError::toString).toList();
    }

    /** An AdmissionAttributes for writing this object, as the API server would send it. */
    public static AdmissionAttributes request(String operation, VaultServer vaultServer) {
        return new AdmissionAttributes(operation, VaultServerVersion.GROUP, vaultServer.version().versionName(), "VaultServer",
                "", vaultServer.namespace(), vaultServer.object(), null, false);
    }
}
