package dev.vaultserver.admission.cli;

import dev.vaultserver.admission.dryrun.ManifestReader;
import dev.vaultserver.admission.dryrun.ObjectChecker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Checks VaultServer manifests with exactly the webhook's rules and defaults, offline: no cluster, no port."
                + " Secrets in the same input are the cluster the credential checks see. An AdmissionReview is answered as the"
                + " webhook would answer it (both /mutate and /validate). Other kinds are skipped with a note.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every object allowed", "1:an object denied", "2:bad usage or unreadable input"})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filename"}, required = true, arity = "1..*", paramLabel = "FILE_OR_DIR",
            description = "YAML or JSON files (several documents each), or directories read recursively.")
    List<Path> files;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "Namespace of objects that name none (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() {
        List<ManifestReader.Document> documents;
        try {
            documents = new ManifestReader().read(files);
        } catch (ManifestReader.UnreadableInput e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return Cli.UNREADABLE;
        }
        return report.print(ObjectChecker.forManifests(documents).check(documents, namespace), "CheckReport", spec.commandLine().getOut());
    }
}
