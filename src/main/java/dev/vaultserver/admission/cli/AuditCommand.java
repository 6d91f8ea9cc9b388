package dev.vaultserver.admission.cli;

import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.checkaudit.ClusterAudit;
import dev.vaultserver.admission.checkaudit.report.InputError;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Checks every VaultServer the kubeconfig can see (or those of one namespace) with the webhook's rules, as if each"
                + " were created now: Secrets and Namespace labels looked up on the same cluster, the tenant policy of --policy, and the"
                + " other VaultServers for shared tables (both sides reported). It answers: which live objects would this policy refuse?"
                + " Read-only: nothing is written. Same report formats as check.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every object allowed", "1:an object denied", "2:bad usage, an unreadable policy, or the cluster could not be read"})
final class AuditCommand implements Callable<Integer> {

    private static final String KIND = "AuditReport";

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--namespace"}, description = "Only this namespace (default: all namespaces).")
    String namespace;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "A tenant policy file, as the webhook's vaultserver-admission.policy.file: its rules apply as they would to a write.")
    Path policyFile;

    @Mixin
    ReportOptions report;

    /** The client; fabric8's standard configuration (in-cluster, KUBECONFIG, ~/.kube/config) unless a test sets another. */
    Supplier<KubernetesClient> clients = () -> new KubernetesClientBuilder().build();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PolicySource policy;
        try {
            policy = PolicyOption.read(policyFile, err);
        } catch (PolicyOption.UnreadablePolicy e) {
            return report.printError(KIND, e.error(), out, err);
        }
        try (KubernetesClient client = clients.get()) {
            return report.print(new ClusterAudit(client, policy).run(Optional.ofNullable(namespace)), out);
        } catch (KubernetesClientException e) {
            return report.printError(KIND, InputError.of("the cluster could not be read: " + e.getMessage()), out, err);
        }
    }
}
