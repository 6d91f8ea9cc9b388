package dev.vaultserver.admission.checkaudit.output;

import dev.vaultserver.admission.checkaudit.report.Cause;
import dev.vaultserver.admission.checkaudit.report.ObjectResult;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.checkaudit.report.Result;
import dev.vaultserver.admission.checkaudit.report.Source;
import dev.vaultserver.admission.checkaudit.report.Status;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JUnit writer: a test case per allowed object, a failing one per rule of a denial (named with the rule's ID), warnings as system-out. */
class JunitReportWriterTest {

    @Test
    void junitHasOneCasePerObjectAFailurePerDenialWithItsLinesAndTheWarnings() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(SampleReport.written(new JunitReportWriter()).getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertEquals(List.of("CheckReport", "2", "1", "0"),
                List.of(suite.getAttribute("name"), suite.getAttribute("tests"), suite.getAttribute("failures"), suite.getAttribute("errors")));
        Element denied = (Element) xml.getElementsByTagName("testcase").item(0);
        assertEquals(List.of("deploy/vault.yaml", "VaultServer team-a/vault [dynamodb.capacity]"),
                List.of(denied.getAttribute("classname"), denied.getAttribute("name")));
        Element failure = (Element) denied.getElementsByTagName("failure").item(0);
        assertEquals("Invalid", failure.getAttribute("type"));
        assertEquals("spec.backend.dynamodb.readCapacity: Invalid value: -5: must be at least 1 (line 12)", failure.getTextContent());
        assertEquals("warning [dynamodb.ha]: spec.replicas: 3 replicas without haEnabled",
                denied.getElementsByTagName("system-out").item(0).getTextContent());
        Element allowed = (Element) xml.getElementsByTagName("testcase").item(1);
        assertEquals("VaultServer team-a/other", allowed.getAttribute("name"));
        assertEquals(0, allowed.getElementsByTagName("failure").getLength());
    }

    @Test
    void aDenialByTwoRulesIsTwoFailingCasesEachWithItsOwnCauses() throws Exception {
        Result twoRules = new ObjectResult(Source.document("vs.yaml", 1, 1), "kubevault.com/v1alpha2", "team-a", "vault", false,
                new Status(422, "Invalid", "invalid"),
                List.of(new Cause("spec.backend.dynamodb.table", "FieldValueInvalid", "bad table", "dynamodb.table", 5),
                        new Cause("spec.backend.dynamodb.readCapacity", "FieldValueInvalid", "bad capacity", "dynamodb.capacity", 7),
                        new Cause("spec.backend.dynamodb.writeCapacity", "FieldValueInvalid", "bad capacity", "dynamodb.capacity", 8)),
                null, null, List.of());
        StringWriter out = new StringWriter();
        new JunitReportWriter().write(Report.of("CheckReport", List.of(twoRules), List.of()), new PrintWriter(out));
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertEquals(List.of("2", "2"), List.of(suite.getAttribute("tests"), suite.getAttribute("failures")));
        Element table = (Element) xml.getElementsByTagName("testcase").item(0);
        Element capacity = (Element) xml.getElementsByTagName("testcase").item(1);
        assertEquals("VaultServer team-a/vault [dynamodb.table]", table.getAttribute("name"));
        assertEquals("spec.backend.dynamodb.table: bad table (line 5)", table.getElementsByTagName("failure").item(0).getTextContent());
        assertEquals("VaultServer team-a/vault [dynamodb.capacity]", capacity.getAttribute("name"));
        assertEquals("spec.backend.dynamodb.readCapacity: bad capacity (line 7)\nspec.backend.dynamodb.writeCapacity: bad capacity (line 8)",
                capacity.getElementsByTagName("failure").item(0).getTextContent());
    }

}
