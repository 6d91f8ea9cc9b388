package dev.vaultserver.admission.checkaudit.output;

import dev.vaultserver.admission.checkaudit.report.Report;

import java.io.PrintWriter;

/** Writes a report in one format. */
public interface ReportWriter {

    void write(Report report, PrintWriter out);
}
