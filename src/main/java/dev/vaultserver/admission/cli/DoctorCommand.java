package dev.vaultserver.admission.cli;

import dev.vaultserver.admission.checkaudit.doctor.Doctor;
import dev.vaultserver.admission.checkaudit.doctor.DoctorReport;
import dev.vaultserver.admission.checkaudit.output.DoctorReportWriter;
import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.kubernetes.ApiServerErrors;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Examines the live installation the kubeconfig reaches and says what is wrong with it, each finding with its ID, severity and"
                + " fix (docs/doctor.md): both webhook configurations and their rules, sideEffects, matchPolicy, review versions and timeout,"
                + " the namespaces left out, ready replicas, PodDisruptionBudget and endpoints behind failurePolicy Fail, the caBundle against the"
                + " served certificate (names, expiry), the CRD's versions, and a server-side dry run of a bad and a good VaultServer."
                + " Writes nothing.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no error found (warnings allowed)", "1:an error found", "2:bad usage, or no installation could be examined"})
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--release", paramLabel = "NAME", description = "The Helm release to examine (default: the one installed).")
    String release;

    @Mixin
    FormatOption output;

    /** The client; fabric8's standard configuration (in-cluster, KUBECONFIG, ~/.kube/config) unless a test sets another. */
    Supplier<KubernetesClient> clients = () -> new KubernetesClientBuilder().build();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DoctorReport report;
        try (KubernetesClient client = clients.get()) {
            report = Doctor.examine(client, Optional.ofNullable(release), Instant.now());
        } catch (KubernetesClientException e) {
            report = DoctorReport.failed("the cluster could not be read: " + Echo.line(ApiServerErrors.describe(e,
                    "read webhook configurations, Services, Deployments, Secrets and CustomResourceDefinitions"), 300));
        }
        if (report.error() != null) {
            spec.commandLine().getErr().println("error: " + report.error());
            spec.commandLine().getErr().flush();
            if (!output.format.alwaysWritten()) {
                return report.exitCode();
            }
        }
        DoctorReportWriter.write(report, output.format, out);
        return report.exitCode();
    }
}
