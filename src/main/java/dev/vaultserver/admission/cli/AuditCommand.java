package dev.vaultserver.admission.cli;

import dev.vaultserver.admission.dryrun.CheckReport;
import dev.vaultserver.admission.dryrun.ClusterAudit;
import dev.vaultserver.admission.dryrun.ReportWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Checks every VaultServer the kubeconfig can see (or those of one namespace) with the webhook's rules,"
                + " Secrets looked up on the same cluster. Read-only: nothing is written. Same report formats as check.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every object allowed", "1:an object denied", "2:bad usage, or the cluster could not be read"})
final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--namespace"}, description = "Only this namespace (default: all namespaces).")
    String namespace;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text, json or yaml (default: ${DEFAULT-VALUE}).")
    ReportWriter.Format format;

    @Option(names = "--patch", description = "In text output, show each object's JSON patch instead of the defaulted object.")
    boolean showPatch;

    /** The client; fabric8's standard configuration (in-cluster, KUBECONFIG, ~/.kube/config) unless a test sets another. */
    Supplier<KubernetesClient> clients = () -> new KubernetesClientBuilder().build();

    @Override
    public Integer call() {
        try (KubernetesClient client = clients.get()) {
            CheckReport report = new ClusterAudit(client).run(Optional.ofNullable(namespace));
            ReportWriter.write(report, "AuditReport", format, showPatch, spec.commandLine().getOut());
            return report.anyDenied() ? Cli.DENIED : Cli.ALLOWED;
        } catch (KubernetesClientException e) {
            spec.commandLine().getErr().println("error: the cluster could not be read: " + e.getMessage());
            return Cli.UNREADABLE;
        }
    }
}
