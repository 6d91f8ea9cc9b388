package dev.vaultserver.admission.checkaudit.output;

import dev.vaultserver.admission.checkaudit.report.Cause;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.checkaudit.report.Result;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Collectors;

/**
 * JUnit XML, the test report format CI servers render natively (Jenkins, GitLab, GitHub test reporters):
 * one test suite, one test case per VaultServer or replayed review (named by kind, namespace and name, its
 * class the input file), a {@code <failure>} per denial carrying its status and every cause with its field
 * and line, the warnings as {@code <system-out>}. Input that could not be read is one test case with an
 * {@code <error>}.
 */
final class JunitReportWriter implements ReportWriter {

    @Override
    public void write(Report report, PrintWriter out) {
        StringWriter buffer = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(buffer);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            Report.Summary summary = report.summary();
            int errors = report.error() == null ? 0 : 1;
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "vaultserver-admission");
            counts(xml, summary.checked() + errors, summary.denied(), errors);
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", report.kind());
            counts(xml, summary.checked() + errors, summary.denied(), errors);
            xml.writeAttribute("skipped", "0");
            if (report.error() != null) {
                testCase(xml, report.error().file() == null ? report.kind() : report.error().file(), "input");
                xml.writeStartElement("error");
                xml.writeAttribute("type", "UnreadableInput");
                xml.writeAttribute("message", report.error().describe());
                xml.writeCharacters(report.error().describe());
                xml.writeEndElement();
                xml.writeCharacters("\n    ");
                xml.writeEndElement();
            }
            for (Result result : report.results()) {
                testCase(xml, result.source().file() != null ? result.source().file() : result.source().cluster(), result.title());
                if (!result.allowed()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("type", result.status() == null ? "Denied" : result.status().reason());
                    xml.writeAttribute("message", result.status() == null ? "denied" : result.status().message());
                    xml.writeCharacters(result.causes().stream().map(JunitReportWriter::cause).collect(Collectors.joining("\n")));
                    xml.writeEndElement();
                    xml.writeCharacters("\n    ");
                }
                if (!result.warnings().isEmpty()) {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(result.warnings().stream().map(w -> "warning: " + w).collect(Collectors.joining("\n")));
                    xml.writeEndElement();
                    xml.writeCharacters("\n    ");
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the JUnit report could not be written", e);
        }
        out.println(buffer);
        out.flush();
    }

    private static void counts(XMLStreamWriter xml, int tests, int failures, int errors) throws XMLStreamException {
        xml.writeAttribute("tests", String.valueOf(tests));
        xml.writeAttribute("failures", String.valueOf(failures));
        xml.writeAttribute("errors", String.valueOf(errors));
    }

    private static void testCase(XMLStreamWriter xml, String className, String name) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", className);
        xml.writeAttribute("name", name);
        xml.writeCharacters("\n      ");
    }

    private static String cause(Cause cause) {
        return cause.field() + ": " + cause.message() + (cause.line() == null ? "" : " (line " + cause.line() + ")");
    }
}
