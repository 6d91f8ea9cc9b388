package dev.vaultserver.admission.cli;

import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.checkaudit.ManifestCluster;
import dev.vaultserver.admission.checkaudit.ManifestReader;
import dev.vaultserver.admission.checkaudit.ObjectChecker;
import dev.vaultserver.admission.checkaudit.report.InputError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Checks VaultServer manifests with exactly the webhook's rules and defaults, offline: no cluster, no port."
                + " The input is the cluster the checks see: its Secrets for the credential checks, its Namespaces (and their"
                + " labels) for the tenant policy, its VaultServers for table collisions across namespaces. An AdmissionReview"
                + " is answered as the webhook would answer it (both /mutate and /validate). Other kinds are skipped with a note.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every object allowed", "1:an object denied", "2:bad usage or unreadable input"})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filename"}, required = true, arity = "1..*", paramLabel = "FILE_OR_DIR",
            description = "YAML or JSON files (several documents each), directories read recursively, or - for standard input"
                    + " (e.g. helm template ... | check -f -).")
    List<Path> files;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "Namespace of objects that name none (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "A tenant policy file, as the webhook's vaultserver-admission.policy.file: its rules apply as they would in the cluster.")
    Path policyFile;

    @Option(names = "--namespace-labels", paramLabel = "NS:KEY=VALUE[,KEY=VALUE...]",
            description = "Labels of a namespace for the tenant policy's selectors, on top of any Namespace in the input. Repeatable.")
    List<String> namespaceLabels = List.of();

    @Mixin
    ReportOptions report;

    /** What {@code -f -} reads; standard input unless a test sets another. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ManifestReader.Document> documents;
        Map<String, Map<String, String>> labels;
        PolicySource policy;
        try {
            documents = new ManifestReader().read(files, stdin);
            labels = parseLabels(namespaceLabels);
            policy = PolicyOption.read(policyFile, err);
        } catch (ManifestReader.UnreadableInput e) {
            return report.printError(KIND, e.error(), out, err);
        } catch (IllegalArgumentException e) {
            return report.printError(KIND, InputError.of(e.getMessage()), out, err);
        } catch (PolicyOption.UnreadablePolicy e) {
            return report.printError(KIND, e.error(), out, err);
        }
        ObjectChecker checker = new ObjectChecker(ManifestCluster.of(documents, namespace, labels), policy);
        return report.print(checker.check(documents, namespace), out);
    }

    private static final String KIND = "CheckReport";

    /** {@code team-a:tenant=true,tier=prod} → team-a → {tenant: true, tier: prod}. */
    static Map<String, Map<String, String>> parseLabels(List<String> specs) {
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (String s : specs) {
            int colon = s.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--namespace-labels " + s + ": expected NAMESPACE:KEY=VALUE[,KEY=VALUE...]");
            }
            Map<String, String> forNamespace = labels.computeIfAbsent(s.substring(0, colon), n -> new LinkedHashMap<>());
            for (String pair : s.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--namespace-labels " + s + ": \"" + pair + "\" is not KEY=VALUE");
                }
                forNamespace.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return labels;
    }
}
