package dev.vaultserver.admission.checkaudit.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vaultserver.admission.checkaudit.report.Report;

import java.io.PrintWriter;

/** The report as one JSON or YAML document (the same document). */
final class JsonReportWriter implements ReportWriter {

    private static final ObjectWriter JSON = JsonMapper.builder().build().writerWithDefaultPrettyPrinter();
    private static final ObjectWriter YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build().writer();

    private final ObjectWriter writer;
    private final boolean newline;

    private JsonReportWriter(ObjectWriter writer, boolean newline) {
        this.writer = writer;
        this.newline = newline;
    }

    static JsonReportWriter json() {
        return new JsonReportWriter(JSON, true);
    }

    static JsonReportWriter yaml() {
        return new JsonReportWriter(YAML, false);
    }

    @Override
    public void write(Report report, PrintWriter out) {
        writeDocument(report, out);
    }

    /** Any report document ({@code check}'s, {@code audit}'s, {@code doctor}'s) in this writer's form. */
    void writeDocument(Object report, PrintWriter out) {
        try {
            out.print(writer.writeValueAsString(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report could not be written", e);
        }
        if (newline) {
            out.println();
        }
        out.flush();
    }
}
