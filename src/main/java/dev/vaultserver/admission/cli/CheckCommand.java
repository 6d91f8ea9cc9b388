package dev.vaultserver.admission.cli;

import dev.vaultserver.admission.dryrun.CheckReport;
import dev.vaultserver.admission.dryrun.ManifestReader;
import dev.vaultserver.admission.dryrun.ObjectChecker;
import dev.vaultserver.admission.dryrun.ReportWriter;
import picocli.CommandLine.Command;
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

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text, json or yaml (default: ${DEFAULT-VALUE}).")
    ReportWriter.Format format;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "Namespace of objects that name none (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--patch", description = "In text output, show each object's JSON patch instead of the defaulted object.")
    boolean showPatch;

    @Override
    public Integer call() {
        List<ManifestReader.Document> documents;
        try {
            documents = new ManifestReader().read(files);
        } catch (ManifestReader.UnreadableInput e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return Cli.UNREADABLE;
        }
        CheckReport report = ObjectChecker.forManifests(documents).check(documents, namespace);
        ReportWriter.write(report, "CheckReport", format, showPatch, spec.commandLine().getOut());
        return report.anyDenied() ? Cli.DENIED : Cli.ALLOWED;
    }
}
