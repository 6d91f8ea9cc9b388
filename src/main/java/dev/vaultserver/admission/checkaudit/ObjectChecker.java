package dev.vaultserver.admission.checkaudit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.core.AdmissionChain;
import dev.vaultserver.admission.core.StandardRules;
import dev.vaultserver.admission.core.admission.AdmissionAttributes;
import dev.vaultserver.admission.core.admission.AdmissionDecision;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.core.finding.Finding;
import dev.vaultserver.admission.core.lookup.ClusterView;
import dev.vaultserver.admission.core.lookup.SecretIndex;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.checkaudit.report.Cause;
import dev.vaultserver.admission.checkaudit.report.ObjectResult;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.checkaudit.report.Result;
import dev.vaultserver.admission.checkaudit.report.ReviewResult;
import dev.vaultserver.admission.checkaudit.report.Skipped;
import dev.vaultserver.admission.checkaudit.report.Source;
import dev.vaultserver.admission.checkaudit.report.Status;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import dev.vaultserver.admission.webhook.ReviewJson;

import java.util.ArrayList;
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
        this(new AdmissionChain(new VaultServerDefaulter(), StandardRules.validator(cluster, policy)));
    }

    /** With other rules than the webhook's (tests). */
    ObjectChecker(AdmissionChain chain) {
        this.chain = chain;
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
        return new ObjectResult(source, object.path("apiVersion").asText(), request.namespace(), object.path("metadata").path("name").asText(""),
                decision.allowed(), status(decision), causes(decision, lines), outcome.patch(), outcome.object(), warnings(decision, lines));
    }

    /** Answers a captured AdmissionReview with both webhooks' code; the verdict is read from what the core decided. */
    private ReviewResult replay(JsonNode review, Source source, FieldLocator lines) {
        AdmissionWebhook.Answer mutate = webhook.serve(review, chain.defaulter());
        AdmissionWebhook.Answer validate = webhook.serve(review, chain.validator());
        JsonNode request = review.path("request");
        JsonNode object = request.path("object").isObject() ? request.path("object") : request.path("oldObject");
        AdmissionDecision decision = validate.decision();
        AdmissionDecision defaulted = mutate.decision();
        return new ReviewResult(source, request.path("uid").asText(""), request.path("operation").asText(""),
                object.path("apiVersion").asText(""), request.path("namespace").asText(object.path("metadata").path("namespace").asText("")),
                request.path("name").asText(object.path("metadata").path("name").asText("")),
                decision != null && decision.allowed(), validate.problem(), decision == null ? null : status(decision),
                decision == null ? List.of() : causes(decision, lines),
                defaulted == null || defaulted.patch() == null ? json.createArrayNode() : defaulted.patch().deepCopy(),
                new ReviewResult.Responses(mutate.body(), validate.body()), decision == null ? List.of() : warnings(decision, lines));
    }

    private static Status status(AdmissionDecision decision) {
        AdmissionDecision.Denial denial = decision.denial();
        return denial == null ? null : new Status(denial.code(), denial.reason(), denial.message());
    }

    /** The denial's causes, in the order the API server is told them, with their rule and input line. */
    private static List<Cause> causes(AdmissionDecision decision, FieldLocator lines) {
        return decision.causes().stream().map(f -> new Cause(f.field(), f.causeType(), f.message(), f.rule(), lines.lineOf(f.field()))).toList();
    }

    private static List<Result.Warning> warnings(AdmissionDecision decision, FieldLocator lines) {
        return decision.findings().stream().filter(f -> f.kind() == Finding.Kind.WARNING)
                .map(f -> new Result.Warning(f.rule(), f.field(), f.message(), lines.lineOf(f.field()))).toList();
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
