package dev.vaultserver.admission.core.field;

import com.fasterxml.jackson.databind.node.TextNode;

/**
 * How a value the client sent is shown back in a message, a warning or a log line: as JSON text (quoted, every
 * control character escaped, so a newline cannot forge a line of a log or of kubectl's output) and cut after
 * {@value #MAX_SHOWN} characters, so that a megabyte value makes neither a megabyte answer nor a megabyte log line.
 */
public final class Echo {

    /** Longest part of a value shown; the rest is counted, not shown. */
    public static final int MAX_SHOWN = 120;

    private Echo() {
    }

    /** {@code "value"}, escaped as JSON, cut after {@value #MAX_SHOWN} characters with the count of the rest. */
    public static String quoted(String value) {
        return value == null ? "null" : cut("\"" + escaped(value) + "\"");
    }

    /** The value escaped as JSON but without the quotes (for a name in a log line), cut likewise. */
    public static String bare(String value) {
        return cut(escaped(value == null ? "" : value));
    }

    /** Text already escaped (JSON), cut after {@value #MAX_SHOWN} characters. */
    public static String cut(String escaped) {
        return cut(escaped, MAX_SHOWN);
    }

    /** Text already escaped, cut after {@code max} characters with the count of the rest. */
    public static String cut(String escaped, int max) {
        if (escaped.length() <= max) {
            return escaped;
        }
        return escaped.substring(0, max) + "...(" + (escaped.length() - max) + " more characters)";
    }

    /** A longer text for a log line (a denial's causes): escaped, cut after {@code max} characters. */
    public static String line(String text, int max) {
        return cut(escaped(text == null ? "" : text), max);
    }

    /**
     * The text as JSON writes it between quotes. Printable ASCII other than a quote or a backslash is written as it
     * is, so such text (a name, nearly always) is returned without Jackson's writer, which cost a visible share of a
     * review on a cold path (JFR, bench/apiserver.sh).
     */
    private static String escaped(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                String quoted = TextNode.valueOf(text).toString();
                return quoted.substring(1, quoted.length() - 1);
            }
        }
        return text;
    }
}
