package dev.vaultserver.admission.dryrun.output;

import dev.vaultserver.admission.dryrun.report.Report;

import java.io.PrintWriter;

/** Writes a report in one format. */
public interface ReportWriter {

    void write(Report report, PrintWriter out);
}
