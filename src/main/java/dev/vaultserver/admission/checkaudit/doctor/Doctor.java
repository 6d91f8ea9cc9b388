package dev.vaultserver.admission.checkaudit.doctor;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Examines a live installation through the API server and says what is wrong with it: the registration, the webhook
 * settings, the namespaces left out, availability, the serving certificate, KubeVault's CRD, and an end-to-end probe
 * (docs/doctor.md). Reads, and writes nothing: the probe is a server-side dry run.
 */
public final class Doctor {

    private Doctor() {
    }

    /** The checks on what was read, in the order they are reported. */
    static List<InstallationCheck> checks(Instant now) {
        return List.of(new WebhookRegistrationCheck(), new WebhookSettingsCheck(), new NamespaceSelectorCheck(), new AvailabilityCheck(),
                new ServingCertificateCheck(now), new CrdVersionsCheck(), new ReportsCrdCheck());
    }

    /** @param release the Helm release to examine; empty: the one installation found */
    public static DoctorReport examine(KubernetesClient client, Optional<String> release, Instant now) {
        Optional<Installation> found = new InstallationReader(client).read(release);
        if (found.isEmpty()) {
            return DoctorReport.failed("no webhook configuration holds " + Installation.VALIDATE + " or " + Installation.MUTATE
                    + release.map(r -> " with label app.kubernetes.io/instance=" + r).orElse("") + ": vaultserver-admission is not installed");
        }
        return examine(found.get(), checks(now), new AdmissionProbe(client));
    }

    static DoctorReport examine(Installation installation, List<InstallationCheck> checks, InstallationCheck probe) {
        List<String> ids = new ArrayList<>();
        List<DoctorFinding> findings = new ArrayList<>();
        for (InstallationCheck check : checks) {
            ids.addAll(check.ids());
            findings.addAll(check.check(installation));
        }
        ids.addAll(probe.ids());
        findings.addAll(probe.check(installation));
        return new DoctorReport(installation.release(), installation.namespace(), ids, findings, null);
    }
}
