package dev.vaultserver.admission.cli;

import dev.vaultserver.admission.checkaudit.output.ReportFormat;
import picocli.CommandLine.Option;

/** {@code -o FORMAT} of {@code check}, {@code audit} and {@code doctor}: one set of report formats for all three. */
final class FormatOption {

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text, json, yaml, junit (JUnit XML) or github (GitHub Actions annotations) (default: ${DEFAULT-VALUE}).")
    ReportFormat format;
}
