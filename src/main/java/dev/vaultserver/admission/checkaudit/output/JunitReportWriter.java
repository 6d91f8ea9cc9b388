package dev.vaultserver.admission.checkaudit.output;

import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.checkaudit.report.Result;
import dev.vaultserver.admission.checkaudit.report.RuleResult;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * JUnit XML, the test report format CI servers render natively (Jenkins, GitLab, GitHub test reporters):
 * one test suite; per VaultServer or replayed review (named by kind, namespace and name, its class the input file)
 * one test case, and when it is denied one failing test case per rule that refuses it instead, its name suffixed with
 * the rule's ID ({@code VaultServer team-a/vault [dynamodb.capacity]}), its {@code <failure>} carrying the status and
 * that rule's causes with their fields and lines. Warnings, with their rule IDs, are the {@code <system-out>} of the
 * input's first test case. Input that could not be read is one test case with an {@code <error>}.
 */
final class JunitReportWriter implements ReportWriter {

    @Override
    public void write(Report report, PrintWriter out) {
        JunitXml.print(xml -> {
            int errors = report.error() == null ? 0 : 1;
            List<Case> cases = report.results().stream().flatMap(r -> cases(r).stream()).toList();
            int failures = (int) cases.stream().filter(c -> !c.failed().isEmpty()).count();
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "vaultserver-admission");
            counts(xml, cases.size() + errors, failures, errors);
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", report.kind());
            counts(xml, cases.size() + errors, failures, errors);
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
            for (Case c : cases) {
                Result result = c.result();
                testCase(xml, result.source().file() != null ? result.source().file() : result.source().cluster(),
                        result.title() + (c.rule() == null ? "" : " [" + c.rule() + "]"));
                if (!c.failed().isEmpty()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("type", result.status() == null ? "Denied" : result.status().reason());
                    xml.writeAttribute("message", result.status() == null ? "denied" : result.status().message());
                    xml.writeCharacters(c.failed().stream().map(JunitReportWriter::line).collect(Collectors.joining("\n")));
                    xml.writeEndElement();
                    xml.writeCharacters("\n    ");
                }
                if (!c.warned().isEmpty()) {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(c.warned().stream().map(w -> "warning [" + w.rule() + "]: " + w.text()).collect(Collectors.joining("\n")));
                    xml.writeEndElement();
                    xml.writeCharacters("\n    ");
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
        }, out);
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

    /**
     * One test case: of a result and, for a denial, one rule ({@code null}: the whole input), the rule's causes that fail
     * it and the warnings it shows.
     */
    private record Case(Result result, String rule, List<RuleResult> failed, List<RuleResult> warned) {}

    /** An allowed input is one case; a denied one a case per refusing rule, the first also carrying the warnings. */
    private static List<Case> cases(Result result) {
        List<RuleResult> warned = result.findings().stream().filter(f -> f.result() == RuleResult.Outcome.WARN).toList();
        Map<String, List<RuleResult>> failedByRule = result.findings().stream().filter(f -> f.result() == RuleResult.Outcome.FAIL)
                .collect(Collectors.groupingBy(RuleResult::rule, LinkedHashMap::new, Collectors.toList()));
        if (failedByRule.isEmpty()) {
            return List.of(new Case(result, null, List.of(), warned));
        }
        List<Case> cases = new ArrayList<>();
        failedByRule.forEach((rule, failed) -> cases.add(new Case(result, rule, failed, cases.isEmpty() ? warned : List.of())));
        return cases;
    }

    private static String line(RuleResult finding) {
        return finding.text() + (finding.line() == null ? "" : " (line " + finding.line() + ")");
    }
}
