package dev.vaultserver.admission.checkaudit.doctor;

import java.util.List;

/**
 * When the periodic audit writes OpenReports (the chart's {@code reports.enabled}), their CRD is installed and serves
 * {@code openreports.io/v1alpha1}: the chart does not ship it, and without it no Report is written.
 */
final class ReportsCrdCheck implements InstallationCheck {

    static final String ID = "reports.crd";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<DoctorFinding> check(Installation installation) {
        if (!installation.reportsEnabled() || Installation.servedVersions(installation.reportsCrd()).contains("v1alpha1")) {
            return List.of();
        }
        return List.of(DoctorFinding.error(ID, "CustomResourceDefinition " + Installation.REPORTS_CRD, "reports are enabled, but the cluster does not serve "
                        + Installation.REPORTS_CRD + "/v1alpha1: the periodic audit writes no Report",
                "install the OpenReports CRDs from OpenReports' own chart (this chart does not ship them), or set reports.enabled: false"));
    }
}
