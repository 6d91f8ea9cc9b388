package dev.vaultserver.admission.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.core.AdmissionAttributes;
import dev.vaultserver.admission.core.AdmissionChain;
import dev.vaultserver.admission.core.AdmissionDecision;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.cluster.ClusterView;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.core.secrets.SecretIndex;
import dev.vaultserver.admission.core.validation.VaultServerValidator;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import dev.vaultserver.admission.webhook.ReviewJson;

import java.util.List;

/**
 * Runs objects through exactly the webhooks' handlers, as the API server would: each VaultServer is
 * defaulted by the mutating handler, then judged by the validating one (object rules, the collision
 * guard against the other VaultServers the cluster view knows, and the tenant policy); each
 * AdmissionReview is answered by both endpoints' code (with the update guard on its oldObject). Other
 * kinds are skipped with a note.
 */
public final class ObjectChecker {

    private final ObjectMapper json = ReviewJson.newMapper();
    private final AdmissionChain chain;
    private final AdmissionWebhook webhook = new AdmissionWebhook(json);

    public ObjectChecker(ClusterView cluster, PolicySource policy) {
        this.chain = new AdmissionChain(new VaultServerDefaulter(), VaultServerValidator.withStandardRules(cluster, policy));
    }

    /** Checks every document; {@code defaultNamespace} stands for objects that name none. */
    public CheckReport check(List<ManifestReader.Document> documents, String defaultNamespace) {
        CheckReport report = new CheckReport();
        for (ManifestReader.Document doc : documents) {
            JsonNode content = doc.content();
            ObjectNode source = source(doc);
            if (isAdmissionReview(content)) {
                report.addResult(replay(content, source));
            } else if (isVaultServer(content)) {
                report.addResult(checkVaultServer(content, source, defaultNamespace));
            } else {
                report.addSkipped(skipped(content, source));
            }
        }
        return report;
    }

    /** Checks one VaultServer as it would be created now. */
    public ObjectNode checkVaultServer(JsonNode object, ObjectNode source, String defaultNamespace) {
        String[] groupVersion = object.path("apiVersion").asText().split("/", 2);
        String namespace = object.path("metadata").path("namespace").asText("");
        AdmissionAttributes request = new AdmissionAttributes("CREATE", groupVersion[0], groupVersion[1], VaultServerVersion.KIND, "",
                namespace.isEmpty() ? defaultNamespace : namespace, object, null, true);
        AdmissionChain.Outcome outcome = chain.admit(request);
        AdmissionDecision decision = outcome.decision();

        ObjectNode result = json.createObjectNode();
        result.set("source", source);
        result.put("kind", VaultServerVersion.KIND).put("apiVersion", object.path("apiVersion").asText())
                .put("namespace", request.namespace()).put("name", object.path("metadata").path("name").asText(""))
                .put("allowed", decision.allowed());
        if (decision.denial() != null) {
            result.putObject("status").put("code", decision.denial().code()).put("reason", decision.denial().reason())
                    .put("message", decision.denial().message());
        }
        var causes = result.putArray("causes");
        if (decision.denial() != null) {
            for (FieldError error : decision.denial().causes()) {
                causes.addObject().put("field", error.field()).put("reason", error.type().causeType()).put("message", error.body());
            }
        }
        var warnings = result.putArray("warnings");
        decision.warnings().forEach(warnings::add);
        result.set("patch", outcome.patch());
        result.set("object", outcome.object());
        return result;
    }

    private ObjectNode replay(JsonNode review, ObjectNode source) {
        AdmissionWebhook.Answer mutate = webhook.serve(review, chain.defaulter());
        AdmissionWebhook.Answer validate = webhook.serve(review, chain.validator());
        ObjectNode result = json.createObjectNode();
        result.set("source", source);
        result.put("kind", "AdmissionReview")
                .put("uid", review.path("request").path("uid").asText(""))
                .put("allowed", validate.httpStatus() == 200 && validate.body().path("response").path("allowed").asBoolean());
        if (validate.httpStatus() != 200) {
            result.put("error", validate.body().path("message").asText());
        }
        ObjectNode responses = result.putObject("responses");
        responses.set("mutate", mutate.body());
        responses.set("validate", validate.body());
        return result;
    }

    private static ObjectNode skipped(JsonNode content, ObjectNode source) {
        ObjectNode entry = source.objectNode();
        entry.set("source", source);
        entry.put("apiVersion", content.path("apiVersion").asText("")).put("kind", content.path("kind").asText(""))
                .put("name", content.path("metadata").path("name").asText(""));
        String reason = SecretIndex.isSecret(content) ? "a Secret: used for the credential checks"
                : "Namespace".equals(content.path("kind").asText()) ? "a Namespace: part of the cluster the checks see"
                : content.path("apiVersion").asText().startsWith(VaultServerVersion.GROUP + "/") && VaultServerVersion.KIND.equals(content.path("kind").asText())
                        ? "a VaultServer of a version this webhook does not know"
                        : "not a VaultServer";
        entry.put("reason", reason);
        return entry;
    }

    private static ObjectNode source(ManifestReader.Document doc) {
        ObjectNode source = JsonNodeFactory.instance.objectNode();
        source.put("file", doc.file().toString()).put("document", doc.index()).put("line", doc.line());
        return source;
    }

    private static boolean isAdmissionReview(JsonNode content) {
        return "AdmissionReview".equals(content.path("kind").asText()) && content.path("apiVersion").asText().startsWith("admission.k8s.io/");
    }

    private static boolean isVaultServer(JsonNode content) {
        return VaultServerVersion.KIND.equals(content.path("kind").asText())
                && VaultServerVersion.ofApiVersion(content.path("apiVersion").asText()).isPresent();
    }
}
