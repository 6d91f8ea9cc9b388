package dev.vaultserver.admission.checkaudit.output;

import dev.vaultserver.admission.checkaudit.report.InputError;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.checkaudit.report.Result;
import dev.vaultserver.admission.checkaudit.report.RuleResult;
import dev.vaultserver.admission.checkaudit.report.Source;

import java.io.PrintWriter;

/**
 * GitHub Actions workflow commands: {@code ::error file=...,line=...,title=...::message} for each cause of a
 * denial (on the line of its field), {@code ::warning ...} for each warning, each title ending in the rule's ID
 * ({@code [dynamodb.capacity]}), {@code ::error} for input that could not be read, then a summary line. Values are escaped as the runner expects ({@code %}, CR, LF; and
 * {@code :} and {@code ,} in properties). Input read from standard input has no file to point at.
 */
final class GithubReportWriter implements ReportWriter {

    @Override
    public void write(Report report, PrintWriter out) {
        InputError error = report.error();
        if (error != null) {
            out.println("::error " + properties(error.file(), error.line(), error.column(), "input could not be read") + "::" + data(error.message()));
        }
        for (Result result : report.results()) {
            Source source = result.source();
            String denied = result.title() + " would be denied" + (result.status() == null ? "" : " (" + result.status().code() + " "
                    + result.status().reason() + ")");
            for (RuleResult finding : result.findings()) {
                boolean fails = finding.result() == RuleResult.Outcome.FAIL;
                out.println((fails ? "::error " : "::warning ") + properties(source.file(), finding.line() != null ? finding.line() : source.line(), null,
                        (fails ? denied : result.title()) + " [" + finding.rule() + "]") + "::" + data(finding.text()));
            }
        }
        Report.Summary summary = report.summary();
        out.printf("%s: %d checked, %d allowed, %d denied, %d skipped%n", report.kind(), summary.checked(), summary.allowed(), summary.denied(),
                summary.skipped());
        out.flush();
    }

    private static String properties(String file, Integer line, Integer column, String title) {
        StringBuilder s = new StringBuilder();
        if (file != null && !file.equals(Source.STDIN)) {
            s.append("file=").append(property(file));
            if (line != null) {
                s.append(",line=").append(line);
            }
            if (column != null) {
                s.append(",col=").append(column);
            }
            s.append(',');
        }
        return s.append("title=").append(property(title)).toString();
    }

    /** The escaping of the runner's workflow commands (actions/toolkit, command.ts). */
    static String data(String value) {
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String property(String value) {
        return data(value).replace(":", "%3A").replace(",", "%2C");
    }
}
