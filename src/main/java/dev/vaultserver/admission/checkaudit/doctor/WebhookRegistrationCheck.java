package dev.vaultserver.admission.checkaudit.doctor;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;

import java.util.ArrayList;
import java.util.List;

/**
 * Both webhook configurations exist, each with its webhook, and their rules cover VaultServers of both API versions:
 * CREATE and UPDATE on both, DELETE on the validating one (KubeVault's DoNotTerminate guard).
 */
final class WebhookRegistrationCheck implements InstallationCheck {

    static final String MISSING = "webhook.missing";
    static final String OPERATIONS = "webhook.operations";
    static final String DELETE = "webhook.delete";

    @Override
    public List<String> ids() {
        return List.of(MISSING, OPERATIONS, DELETE);
    }

    @Override
    public List<DoctorFinding> check(Installation installation) {
        List<DoctorFinding> findings = new ArrayList<>();
        Webhooks.each(installation, (kind, name, webhook) -> {
            String subject = name == null ? kind : kind + " " + name;
            if (webhook == null) {
                findings.add(DoctorFinding.error(MISSING, subject, "no webhook " + (kind.startsWith("Mutating") ? Installation.MUTATE : Installation.VALIDATE)
                        + (name == null ? ": the configuration does not exist" : " in it"),
                        "install or upgrade the chart (helm upgrade --install), which registers both webhooks"));
                return;
            }
            List<String> missing = new ArrayList<>();
            for (String operation : List.of("CREATE", "UPDATE")) {
                for (String version : Installation.VERSIONS) {
                    if (!covers(webhook.rules(), operation, version)) {
                        missing.add(operation + " " + version);
                    }
                }
            }
            if (!missing.isEmpty()) {
                findings.add(DoctorFinding.error(OPERATIONS, subject, "the rules of " + webhook.name() + " leave out VaultServer " + String.join(", ", missing)
                                + ": those writes are never checked", "rules: apiGroups [kubevault.com], apiVersions [v1alpha1, v1alpha2], resources [vaultservers],"
                                + " operations [CREATE, UPDATE" + (kind.startsWith("Validating") ? ", DELETE" : "") + "], as the chart registers them"));
            }
            if (kind.startsWith("Validating") && Installation.VERSIONS.stream().anyMatch(v -> !covers(webhook.rules(), "DELETE", v))) {
                findings.add(DoctorFinding.warning(DELETE, subject, webhook.name() + " is not called on DELETE: a VaultServer with terminationPolicy"
                        + " DoNotTerminate can be deleted", "add DELETE to the operations of its rules (the chart does)"));
            }
        });
        return findings;
    }

    static boolean covers(List<RuleWithOperations> rules, String operation, String version) {
        return rules != null && rules.stream().anyMatch(r -> matches(r.getApiGroups(), "kubevault.com") && matches(r.getApiVersions(), version)
                && matches(r.getResources(), "vaultservers") && matches(r.getOperations(), operation));
    }

    private static boolean matches(List<String> values, String wanted) {
        return values != null && (values.contains(wanted) || values.contains("*"));
    }
}
