package dev.vaultserver.admission.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.core.AdmissionChain;
import dev.vaultserver.admission.core.StandardRules;
import dev.vaultserver.admission.core.admission.AdmissionAttributes;
import dev.vaultserver.admission.core.admission.AdmissionDecision;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.lookup.ClusterView;
import dev.vaultserver.admission.core.lookup.SecretIndex;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.dryrun.report.Cause;
import dev.vaultserver.admission.dryrun.report.ObjectResult;
import dev.vaultserver.admission.dryrun.report.Report;
import dev.vaultserver.admission.dryrun.report.Result;
import dev.vaultserver.admission.dryrun.report.ReviewResult;
import dev.vaultserver.admission.dryrun.report.Skipped;
import dev.vaultserver.admission.dryrun.report.Source;
import dev.vaultserver.admission.dryrun.report.Status;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import dev.vaultserver.admission.webhook.ReviewJson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Runs objects through exactly the webhooks' handlers, as the API server would: each VaultServer is
 * defaulted by the mutating handler, then judged by the validating one (object rules, the collision
 * guard against the other VaultServers the cluster view knows, and the tenant policy); each
 * AdmissionReview is answered by both endpoints' code (with the update guard on its oldObject). Other
 * kinds are skipped with a note.
 */
public final class ObjectChecker {

    /** The input line of a field path (or of its object), or {@code null} when the object was not read from a file. */
    public interface FieldLocator {
        Integer lineOf(String field);

        FieldLocator NONE = field -> null;
    }

    private final ObjectMapper json = ReviewJson.newMapper();
    private final AdmissionChain chain;
    private final AdmissionWebhook webhook = new AdmissionWebhook(json);

    public ObjectChecker(ClusterView cluster, PolicySource policy) {
        this.chain = new AdmissionChain(new VaultServerDefaulter(), StandardRules.validator(cluster, policy));
    }

    /** Checks every document; {@code defaultNamespace} stands for objects that name none. */
    public Report check(List<ManifestReader.Document> documents, String defaultNamespace) {
        List<Result> results = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (ManifestReader.Document doc : documents) {
            JsonNode content = doc.content();
            if (isAdmissionReview(content)) {
                results.add(replay(content, doc.source(), field -> doc.lineOf("request.object." + field)));
            } else if (isVaultServer(content)) {
                results.add(checkVaultServer(content, doc.source(), defaultNamespace, doc::lineOf));
            } else {
                skipped.add(skipped(content, doc.source()));
            }
        }
        return Report.of("CheckReport", results, skipped);
    }

    /** Checks one VaultServer as it would be created now. */
    public ObjectResult checkVaultServer(JsonNode object, Source source, String defaultNamespace, FieldLocator lines) {
        String[] groupVersion = object.path("apiVersion").asText().split("/", 2);
        String namespace = object.path("metadata").path("namespace").asText("");
        AdmissionAttributes request = new AdmissionAttributes("CREATE", groupVersion[0], groupVersion[1], VaultServerVersion.KIND, "",
                namespace.isEmpty() ? defaultNamespace : namespace, object, null, true);
        AdmissionChain.Outcome outcome = chain.admit(request);
        AdmissionDecision decision = outcome.decision();
        AdmissionDecision.Denial denial = decision.denial();
        List<Cause> causes = denial == null ? List.of() : denial.causes().stream()
                .map(e -> new Cause(e.field(), e.type().causeType(), e.body(), lines.lineOf(e.field()))).toList();
        return new ObjectResult(source, object.path("apiVersion").asText(), request.namespace(), object.path("metadata").path("name").asText(""),
                decision.allowed(), denial == null ? null : new Status(denial.code(), denial.reason(), denial.message()), causes,
                outcome.patch(), outcome.object(), located(decision.warnings(), lines));
    }

    /** Answers a captured AdmissionReview with both webhooks' code. */
    private ReviewResult replay(JsonNode review, Source source, FieldLocator lines) {
        AdmissionWebhook.Answer mutate = webhook.serve(review, chain.defaulter());
        AdmissionWebhook.Answer validate = webhook.serve(review, chain.validator());
        JsonNode request = review.path("request");
        JsonNode object = request.path("object").isObject() ? request.path("object") : request.path("oldObject");
        JsonNode answer = validate.body().path("response");
        JsonNode status = answer.path("status");
        List<Cause> causes = new ArrayList<>();
        status.path("details").path("causes").forEach(c -> causes.add(new Cause(c.path("field").asText(), c.path("reason").asText(),
                c.path("message").asText(), lines.lineOf(c.path("field").asText()))));
        List<String> warnings = new ArrayList<>();
        answer.path("warnings").forEach(w -> warnings.add(w.asText()));
        boolean transportOk = validate.httpStatus() == 200;
        return new ReviewResult(source, request.path("uid").asText(""), request.path("operation").asText(""),
                object.path("apiVersion").asText(""), request.path("namespace").asText(object.path("metadata").path("namespace").asText("")),
                request.path("name").asText(object.path("metadata").path("name").asText("")),
                transportOk && answer.path("allowed").asBoolean(),
                transportOk ? null : validate.body().path("message").asText(),
                transportOk && status.isObject() && !answer.path("allowed").asBoolean()
                        ? new Status(status.path("code").asInt(), status.path("reason").asText(), status.path("message").asText()) : null,
                causes, decodedPatch(mutate.body().path("response").path("patch")),
                new ReviewResult.Responses(mutate.body(), validate.body()), located(warnings, lines));
    }

    private JsonNode decodedPatch(JsonNode base64) {
        if (!base64.isTextual()) {
            return json.createArrayNode();
        }
        try {
            return json.readTree(Base64.getDecoder().decode(base64.asText()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the mutating webhook answered a patch that is not base64 JSON", e);
        }
    }

    /** Warnings start with their field ({@code spec.backend.dynamodb.region: ...}): the line of that field. */
    private static List<Result.Warning> located(List<String> warnings, FieldLocator lines) {
        return warnings.stream().map(w -> {
            int colon = w.indexOf(": ");
            String field = colon > 0 && !w.substring(0, colon).contains(" ") ? w.substring(0, colon) : "";
            return new Result.Warning(w, lines.lineOf(field));
        }).toList();
    }

    private static Skipped skipped(JsonNode content, Source source) {
        String reason = SecretIndex.isSecret(content) ? "a Secret: used for the credential checks"
                : "Namespace".equals(content.path("kind").asText()) ? "a Namespace: part of the cluster the checks see"
                : content.path("apiVersion").asText().startsWith(VaultServerVersion.GROUP + "/") && VaultServerVersion.KIND.equals(content.path("kind").asText())
                        ? "a VaultServer of a version this webhook does not know"
                        : "not a VaultServer";
        return new Skipped(source, content.path("apiVersion").asText(""), content.path("kind").asText(""),
                content.path("metadata").path("name").asText(""), reason);
    }

    private static boolean isAdmissionReview(JsonNode content) {
        return "AdmissionReview".equals(content.path("kind").asText()) && content.path("apiVersion").asText().startsWith("admission.k8s.io/");
    }

    private static boolean isVaultServer(JsonNode content) {
        return VaultServerVersion.KIND.equals(content.path("kind").asText())
                && VaultServerVersion.ofApiVersion(content.path("apiVersion").asText()).isPresent();
    }
}
