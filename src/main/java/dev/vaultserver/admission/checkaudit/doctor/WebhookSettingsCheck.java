package dev.vaultserver.admission.checkaudit.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings the Kubernetes admission webhook good practices ask of each webhook: side effects declared (a dry run is
 * refused otherwise), {@code matchPolicy: Equivalent}, the {@code v1} AdmissionReview, and a timeout within
 * {@value #MAX_TIMEOUT} s (the API server's own request budget is shared by every webhook).
 */
final class WebhookSettingsCheck implements InstallationCheck {

    static final String SIDE_EFFECTS = "webhook.side-effects";
    static final String MATCH_POLICY = "webhook.match-policy";
    static final String REVIEW_VERSIONS = "webhook.review-versions";
    static final String TIMEOUT = "webhook.timeout";
    static final int MAX_TIMEOUT = 10;

    @Override
    public List<String> ids() {
        return List.of(SIDE_EFFECTS, MATCH_POLICY, REVIEW_VERSIONS, TIMEOUT);
    }

    @Override
    public List<DoctorFinding> check(Installation installation) {
        List<DoctorFinding> findings = new ArrayList<>();
        Webhooks.present(installation, (subject, webhook) -> {
            if (!List.of("None", "NoneOnDryRun").contains(webhook.sideEffects())) {
                findings.add(DoctorFinding.error(SIDE_EFFECTS, subject, webhook.name() + " has sideEffects " + webhook.sideEffects()
                        + ": the API server refuses every dry run (kubectl apply --dry-run=server) of a VaultServer", "sideEffects: NoneOnDryRun"));
            }
            if (!"Equivalent".equals(webhook.matchPolicy())) {
                findings.add(DoctorFinding.warning(MATCH_POLICY, subject, webhook.name() + " has matchPolicy " + webhook.matchPolicy()
                        + ": a write through an API version its rules do not list is not sent to it", "matchPolicy: Equivalent"));
            }
            if (webhook.reviewVersions() == null || !webhook.reviewVersions().contains("v1")) {
                findings.add(DoctorFinding.error(REVIEW_VERSIONS, subject, webhook.name() + " accepts AdmissionReview " + webhook.reviewVersions()
                        + ", not v1", "admissionReviewVersions: [v1, v1beta1]"));
            }
            int timeout = webhook.timeoutSeconds() == null ? 10 : webhook.timeoutSeconds();
            if (timeout > MAX_TIMEOUT) {
                findings.add(DoctorFinding.error(TIMEOUT, subject, webhook.name() + " has timeoutSeconds " + timeout + ": a slow webhook holds every"
                        + " VaultServer write that long, beyond the " + MAX_TIMEOUT + " s the good practices allow", "timeoutSeconds: 5 (the chart's default; at most "
                        + MAX_TIMEOUT + ")"));
            }
        });
        return findings;
    }
}
