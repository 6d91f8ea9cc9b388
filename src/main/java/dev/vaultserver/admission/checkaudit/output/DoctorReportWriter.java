package dev.vaultserver.admission.checkaudit.output;

import dev.vaultserver.admission.checkaudit.doctor.DoctorFinding;
import dev.vaultserver.admission.checkaudit.doctor.DoctorReport;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code doctor}'s report in {@code check}'s formats: text for people; the same document as JSON or YAML; JUnit XML with a
 * test case per check ID (failing with its findings of severity error, its warnings as system-out); GitHub annotations.
 */
public final class DoctorReportWriter {

    private DoctorReportWriter() {
    }

    public static void write(DoctorReport report, ReportFormat format, PrintWriter out) {
        switch (format) {
            case text -> text(report, out);
            case json -> JsonReportWriter.json().writeDocument(report, out);
            case yaml -> JsonReportWriter.yaml().writeDocument(report, out);
            case junit -> junit(report, out);
            case github -> github(report, out);
        }
        out.flush();
    }

    private static void text(DoctorReport report, PrintWriter out) {
        if (report.error() != null) {
            out.println("doctor: " + report.error());
            return;
        }
        DoctorReport.Summary summary = report.summary();
        out.printf("doctor: release %s in namespace %s: %d checks, %d errors, %d warnings%n", report.installation(), report.namespace(),
                summary.checks(), summary.errors(), summary.warnings());
        for (DoctorFinding finding : report.findings()) {
            out.printf("%-8s %s  %s%n", finding.severity().name(), finding.id(), finding.subject());
            out.println("         " + finding.message());
            out.println("         fix: " + finding.fix());
        }
        List<String> passed = report.checks().stream().filter(id -> report.findings().stream().noneMatch(f -> f.id().equals(id))).toList();
        out.println("OK       " + String.join(", ", passed));
    }

    private static void junit(DoctorReport report, PrintWriter out) {
        JunitXml.print(xml -> {
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "doctor");
            int errors = report.error() == null ? 0 : 1;
            xml.writeAttribute("tests", String.valueOf(report.checks().size() + errors));
            xml.writeAttribute("failures", String.valueOf(report.checks().stream().filter(id -> report.findings().stream()
                    .anyMatch(f -> f.id().equals(id) && f.severity() == DoctorFinding.Severity.ERROR)).count()));
            xml.writeAttribute("errors", String.valueOf(errors));
            if (report.error() != null) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "doctor");
                xml.writeAttribute("name", "installation");
                xml.writeStartElement("error");
                xml.writeAttribute("message", report.error());
                xml.writeEndElement();
                xml.writeEndElement();
            }
            for (String id : report.checks()) {
                List<DoctorFinding> found = report.findings().stream().filter(f -> f.id().equals(id)).toList();
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "doctor." + report.installation());
                xml.writeAttribute("name", id);
                List<DoctorFinding> errorsFound = found.stream().filter(f -> f.severity() == DoctorFinding.Severity.ERROR).toList();
                if (!errorsFound.isEmpty()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("type", id);
                    xml.writeAttribute("message", errorsFound.get(0).message());
                    xml.writeCharacters(String.join("\n", errorsFound.stream().map(DoctorReportWriter::line).toList()));
                    xml.writeEndElement();
                }
                List<DoctorFinding> warnings = found.stream().filter(f -> f.severity() == DoctorFinding.Severity.WARNING).toList();
                if (!warnings.isEmpty()) {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(String.join("\n", warnings.stream().map(f -> "warning: " + line(f)).toList()));
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
        }, out);
    }

    private static void github(DoctorReport report, PrintWriter out) {
        if (report.error() != null) {
            out.println("::error title=doctor::" + GithubReportWriter.data(report.error()));
        }
        for (DoctorFinding finding : report.findings()) {
            out.println("::" + finding.severity().name().toLowerCase(Locale.ROOT) + " title=" + GithubReportWriter.property("doctor [" + finding.id() + "] "
                    + finding.subject()) + "::" + GithubReportWriter.data(finding.message() + " Fix: " + finding.fix()));
        }
        DoctorReport.Summary summary = report.summary();
        out.printf("DoctorReport: %d checks, %d errors, %d warnings%n", summary.checks(), summary.errors(), summary.warnings());
    }

    private static String line(DoctorFinding finding) {
        return finding.subject() + ": " + finding.message() + " (fix: " + finding.fix() + ")";
    }
}
