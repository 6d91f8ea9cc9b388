package dev.vaultserver.admission.cli;

import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.checkaudit.ClusterAudit;
import dev.vaultserver.admission.checkaudit.openreports.OpenReports;
import dev.vaultserver.admission.checkaudit.report.InputError;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.checkaudit.openreports.OpenReportsPublisher;
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
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Checks every VaultServer the kubeconfig can see (or those of one namespace) with the webhook's rules, as if each"
                + " were created now: Secrets and Namespace labels looked up on the same cluster, the tenant policy of --policy, and the"
                + " other VaultServers for shared tables (both sides reported). It answers: which live objects would this policy refuse?"
                + " Read-only unless --write-reports: then it also writes the findings as OpenReports (a Report per namespace with"
                + " VaultServers, as the service's periodic audit does). Same report formats as check.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every object allowed", "1:an object denied",
                "2:bad usage, an unreadable policy, the cluster could not be read, or reports could not be written"})
final class AuditCommand implements Callable<Integer> {

    private static final String KIND = "AuditReport";

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--namespace"}, description = "Only this namespace (default: all namespaces).")
    String namespace;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "A tenant policy file, as the webhook's vaultserver-admission.policy.file: its rules apply as they would to a write.")
    Path policyFile;

    @Option(names = "--write-reports",
            description = "Also write the findings as OpenReports: a Report named vaultserver-admission per namespace with VaultServers"
                    + " (one result per VaultServer and rule), and delete ours where no VaultServer is left. Needs the openreports.io CRDs.")
    boolean writeReports;

    @Option(names = "--reports-max-results", paramLabel = "N", defaultValue = "" + OpenReports.DEFAULT_MAX_RESULTS,
            description = "The most results one Report holds; its summary still counts all (default: ${DEFAULT-VALUE}).")
    int maxResults;

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
        if (maxResults < 1) {
            err.println("--reports-max-results must be at least 1");
            return 2;
        }
        try (KubernetesClient client = clients.get()) {
            Report audit = new ClusterAudit(client, policy).run(Optional.ofNullable(namespace));
            int exit = report.print(audit, out);
            if (writeReports) {
                return write(client, audit, err) ? exit : 2;
            }
            return exit;
        } catch (KubernetesClientException e) {
            return report.printError(KIND, InputError.of("the cluster could not be read: " + ApiServerErrors.describe(e, "list VaultServers")), out, err);
        }
    }

    /** Writes the audit's Reports; says what it wrote on standard error. */
    private boolean write(KubernetesClient client, Report audit, PrintWriter err) {
        try {
            OpenReportsPublisher.Outcome outcome = new OpenReportsPublisher(client)
                    .publish(new OpenReports(maxResults, Instant.now()).build(audit), Optional.ofNullable(namespace));
            if (outcome.crdMissing()) {
                err.println("reports: not written: " + OpenReportsPublisher.Outcome.CRD_MISSING);
                return false;
            }
            err.printf("reports: written in %d namespaces %s, deleted in %d %s%n", outcome.written().size(), outcome.written(),
                    outcome.deleted().size(), outcome.deleted());
            outcome.failed().forEach((ns, reason) -> err.println("reports: not written in " + ns + ": " + reason));
            return outcome.failed().isEmpty();
        } catch (KubernetesClientException e) {
            err.println("reports: not written: " + ApiServerErrors.shownStatusMessage(e, 300));
            return false;
        } finally {
            err.flush();
        }
    }
}
