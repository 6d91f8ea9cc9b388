package dev.vaultserver.admission.dryrun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.PrintWriter;

/** Prints a {@link CheckReport} as text for people, or as the JSON / YAML document for machines. */
public final class ReportWriter {

    public enum Format { text, json, yaml }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build();

    private ReportWriter() {
    }

    /** @param showPatch in text, show each object's patch instead of the defaulted object */
    public static void write(CheckReport report, String kind, Format format, boolean showPatch, PrintWriter out) {
        try {
            switch (format) {
                case json -> out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson(kind)));
                case yaml -> out.print(YAML.writeValueAsString(report.toJson(kind)));
                case text -> text(report.toJson(kind), showPatch, out);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report could not be written", e);
        }
        out.flush();
    }

    private static void text(JsonNode report, boolean showPatch, PrintWriter out) throws JsonProcessingException {
        for (JsonNode result : report.path("results")) {
            JsonNode source = result.path("source");
            String where = source.path("file").asText() + ":" + source.path("line").asInt();
            String verdict = result.path("allowed").asBoolean() ? "ALLOWED" : "DENIED";
            if ("AdmissionReview".equals(result.path("kind").asText())) {
                out.printf("%s  AdmissionReview %s  %s%n", verdict, result.path("uid").asText(), where);
                if (result.has("error")) {
                    out.printf("  error: %s%n", result.path("error").asText());
                }
                out.println(indent(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result.path("responses")), "  "));
                continue;
            }
            out.printf("%s  %s %s/%s  %s%n", verdict, result.path("apiVersion").asText(), result.path("namespace").asText(),
                    result.path("name").asText(), where);
            for (JsonNode cause : result.path("causes")) {
                out.printf("  error:   %s: %s%n", cause.path("field").asText(), cause.path("message").asText());
            }
            for (JsonNode warning : result.path("warnings")) {
                out.printf("  warning: %s%n", warning.asText());
            }
            if (showPatch) {
                out.printf("  patch:   %s%n", result.path("patch").isEmpty() ? "none" : result.path("patch").toString());
            } else if (result.path("allowed").asBoolean()) {
                out.println("  defaulted object:");
                out.print(indent(YAML.writeValueAsString(result.path("object")), "    "));
            }
        }
        for (JsonNode skipped : report.path("skipped")) {
            JsonNode source = skipped.path("source");
            out.printf("skipped  %s %s  %s:%d  (%s)%n", skipped.path("kind").asText("?"), skipped.path("name").asText(),
                    source.path("file").asText(), source.path("line").asInt(), skipped.path("reason").asText());
        }
        JsonNode summary = report.path("summary");
        out.printf("%d checked: %d allowed, %d denied; %d skipped%n", summary.path("checked").asInt(), summary.path("allowed").asInt(),
                summary.path("denied").asInt(), summary.path("skipped").asInt());
    }

    private static String indent(String text, String prefix) {
        StringBuilder s = new StringBuilder();
        text.lines().forEach(line -> s.append(prefix).append(line).append('\n'));
        return s.toString();
    }
}
