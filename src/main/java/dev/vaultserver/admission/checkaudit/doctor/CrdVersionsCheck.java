package dev.vaultserver.admission.checkaudit.doctor;

import java.util.List;

/** KubeVault's CRD is installed and serves both API versions the webhooks are written for. */
final class CrdVersionsCheck implements InstallationCheck {

    static final String ID = "crd.versions";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<DoctorFinding> check(Installation installation) {
        String subject = "CustomResourceDefinition " + Installation.CRD;
        if (installation.crd() == null) {
            return List.of(DoctorFinding.error(ID, subject, "KubeVault's CRD is not installed: there are no VaultServers to check",
                    "install KubeVault (its chart installs the CRD)"));
        }
        List<String> served = Installation.servedVersions(installation.crd());
        List<String> missing = Installation.VERSIONS.stream().filter(v -> !served.contains(v)).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        return List.of(DoctorFinding.error(ID, subject, "the CRD serves " + served + ", not " + String.join(", ", missing)
                        + ": the webhooks are registered for both versions, and VaultServers written in a missing one cannot be read",
                "install the KubeVault version whose CRD serves kubevault.com/v1alpha1 and v1alpha2 (KubeVault v0.11 and later)"));
    }
}
