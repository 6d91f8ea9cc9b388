package dev.vaultserver.admission.cli;

import dev.vaultserver.admission.dryrun.ClusterAudit;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    ReportOptions report;

    /** The client; fabric8's standard configuration (in-cluster, KUBECONFIG, ~/.kube/config) unless a test sets another. */
    Supplier<KubernetesClient> clients = () -> new KubernetesClientBuilder().build();

    @Override
    public Integer call() {
        try (KubernetesClient client = clients.get()) {
            return report.print(new ClusterAudit(client).run(Optional.ofNullable(namespace)), "AuditReport", spec.commandLine().getOut());
        } catch (KubernetesClientException e) {
            spec.commandLine().getErr().println("error: the cluster could not be read: " + e.getMessage());
            return Cli.UNREADABLE;
        }
    }
}
