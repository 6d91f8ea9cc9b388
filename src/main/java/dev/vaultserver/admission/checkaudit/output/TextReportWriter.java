package dev.vaultserver.admission.checkaudit.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vaultserver.admission.checkaudit.report.Cause;
import dev.vaultserver.admission.checkaudit.report.ObjectResult;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.checkaudit.report.Result;
import dev.vaultserver.admission.checkaudit.report.ReviewResult;
import dev.vaultserver.admission.checkaudit.report.Skipped;

import java.io.PrintWriter;

/**
 * The report for people: per object (or replayed review) a verdict line, every cause with its field
 * path, the warnings, and the defaulted object or the patch; then the skipped documents and a summary.
 */
final class TextReportWriter implements ReportWriter {

    private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build();

    private final boolean showPatch;

    TextReportWriter(boolean showPatch) {
        this.showPatch = showPatch;
    }

    @Override
    public void write(Report report, PrintWriter out) {
        for (Result result : report.results()) {
            if (result instanceof ObjectResult object) {
                object(object, out);
            } else if (result instanceof ReviewResult review) {
                review(review, out);
            }
        }
        for (Skipped skipped : report.skipped()) {
            out.printf("skipped  %s %s  %s  (%s)%n", skipped.kind().isEmpty() ? "?" : skipped.kind(), skipped.name(),
                    skipped.source().describe(), skipped.reason());
        }
        Report.Summary summary = report.summary();
        out.printf("%d checked: %d allowed, %d denied; %d skipped%s%n", summary.checked(), summary.allowed(), summary.denied(), summary.skipped(),
                summary.deletionProtected() == 0 ? "" : "; " + summary.deletionProtected() + " protected from deletion (terminationPolicy DoNotTerminate)");
        out.flush();
    }

    private void object(ObjectResult result, PrintWriter out) {
        out.printf("%s  %s %s/%s  %s%n", verdict(result), result.apiVersion(), result.namespace(), result.name(), result.source().describe());
        causesAndWarnings(result, out);
        if (showPatch) {
            patch(result.patch(), out);
        } else if (result.allowed()) {
            out.println("  defaulted object:");
            out.print(indent(yaml(result.object()), "    "));
        }
    }

    private void review(ReviewResult result, PrintWriter out) {
        out.printf("%s  %s  %s%n", verdict(result), result.title(), result.source().describe());
        if (result.error() != null) {
            out.printf("  error:   %s%n", result.error());
        }
        causesAndWarnings(result, out);
        patch(result.patch(), out);
    }

    private static void causesAndWarnings(Result result, PrintWriter out) {
        if (result.status() != null) {
            out.printf("  status:  %d %s%n", result.status().code(), result.status().reason());
        }
        for (Cause cause : result.causes()) {
            out.printf("  error:   %s: %s%n", cause.field(), cause.message());
        }
        for (String warning : result.warnings()) {
            out.printf("  warning: %s%n", warning);
        }
    }

    private static void patch(JsonNode patch, PrintWriter out) {
        if (patch == null || patch.isEmpty()) {
            out.println("  patch:   none");
            return;
        }
        out.println("  patch:");
        for (JsonNode op : patch) {
            out.printf("    %s %s%s%n", op.path("op").asText(), op.path("path").asText(), op.has("value") ? " " + op.path("value") : "");
        }
    }

    private static String verdict(Result result) {
        return result.allowed() ? "ALLOWED" : "DENIED";
    }

    private static String yaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String indent(String text, String prefix) {
        StringBuilder s = new StringBuilder();
        text.lines().forEach(line -> s.append(prefix).append(line).append('\n'));
        return s.toString();
    }
}
