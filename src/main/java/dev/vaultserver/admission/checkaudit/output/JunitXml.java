package dev.vaultserver.admission.checkaudit.output;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;

/** A JUnit XML document, written whole: its declaration, the body a writer gives, and its end. */
final class JunitXml {

    private JunitXml() {
    }

    interface Body {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    static void print(Body body, PrintWriter out) {
        StringWriter buffer = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(buffer);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            body.write(xml);
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
}
