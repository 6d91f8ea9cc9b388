package dev.vaultserver.admission.cli;

import dev.vaultserver.admission.dryrun.CheckReport;
import dev.vaultserver.admission.dryrun.ReportWriter;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** The report options {@code check} and {@code audit} share, and the exit code a report gives. */
final class ReportOptions {

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text, json or yaml (default: ${DEFAULT-VALUE}).")
    ReportWriter.Format format;

    @Option(names = "--patch", description = "In text output, show each object's JSON patch instead of the defaulted object.")
    boolean showPatch;

    /** Prints the report and returns the exit code: 0 when every object is allowed, 1 when one is denied. */
    int print(CheckReport report, String kind, PrintWriter out) {
        ReportWriter.write(report, kind, format, showPatch, out);
        return report.anyDenied() ? Cli.DENIED : Cli.ALLOWED;
    }
}
