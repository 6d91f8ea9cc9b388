package dev.vaultserver.admission.cli;

import dev.vaultserver.admission.checkaudit.report.InputError;
import dev.vaultserver.admission.checkaudit.report.Report;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** The report options {@code check} and {@code audit} share, and the exit code a report gives. */
final class ReportOptions {

    @Mixin
    FormatOption output;

    @Option(names = "--patch", description = "In text output, show each object's JSON patch instead of the defaulted object.")
    boolean showPatch;

    /** Prints the report and returns the exit code: 0 when every object is allowed, 1 when one is denied. */
    int print(Report report, PrintWriter out) {
        output.format.writer(showPatch).write(report, out);
        return report.denied() > 0 ? Cli.DENIED : Cli.ALLOWED;
    }

    /**
     * Input that could not be read: the error on standard error, and, for the formats a program reads, a report
     * document carrying it on standard output (so a pipeline that always parses the report gets one). Exit code 2.
     */
    int printError(String kind, InputError error, PrintWriter out, PrintWriter err) {
        err.println("error: " + error.describe());
        err.flush();
        if (output.format.alwaysWritten()) {
            output.format.writer(showPatch).write(Report.failed(kind, error), out);
        }
        return Cli.UNREADABLE;
    }
}
