package dev.vaultserver.admission.checkaudit.output;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JUnit writer: one test case per object, a failure per denial with its causes' lines, warnings as system-out. */
class JunitReportWriterTest {

    @Test
    void junitHasOneCasePerObjectAFailurePerDenialWithItsLinesAndTheWarnings() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(SampleReport.written(new JunitReportWriter()).getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertEquals(List.of("CheckReport", "2", "1", "0"),
                List.of(suite.getAttribute("name"), suite.getAttribute("tests"), suite.getAttribute("failures"), suite.getAttribute("errors")));
        Element denied = (Element) xml.getElementsByTagName("testcase").item(0);
        assertEquals(List.of("deploy/vault.yaml", "VaultServer team-a/vault"), List.of(denied.getAttribute("classname"), denied.getAttribute("name")));
        Element failure = (Element) denied.getElementsByTagName("failure").item(0);
        assertEquals("Invalid", failure.getAttribute("type"));
        assertEquals("spec.backend.dynamodb.readCapacity: Invalid value: -5: must be at least 1 (line 12)", failure.getTextContent());
        assertEquals("warning: spec.replicas: 3 replicas without haEnabled", denied.getElementsByTagName("system-out").item(0).getTextContent());
        Element allowed = (Element) xml.getElementsByTagName("testcase").item(1);
        assertEquals(0, allowed.getElementsByTagName("failure").getLength());
    }

}
