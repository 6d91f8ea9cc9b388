package dev.vaultserver.admission.checkaudit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The input line of every field of every document, keyed by the path the rules name fields with
 * ({@code spec.backend.dynamodb.region}, {@code spec.podTemplate.spec.env[2]}), so that a cause can point at
 * its line (GitHub annotations, JUnit reports, text). One pass over the tokens; a document the parser
 * cannot read yields what was found before the error (the error itself is reported by {@link ManifestReader}).
 */
final class FieldLines {

    private FieldLines() {
    }

    /** One map per top-level document, in order. */
    static List<Map<String, Integer>> of(ObjectMapper mapper, byte[] bytes) {
        List<Map<String, Integer>> documents = new ArrayList<>();
        try (JsonParser parser = mapper.createParser(bytes)) {
            while (parser.nextToken() != null) {
                Map<String, Integer> lines = new HashMap<>();
                documents.add(lines);
                value(parser, "", lines);
            }
        } catch (IOException | RuntimeException e) {
            // The reader reports the syntax error; lines found so far stay.
        }
        return documents;
    }

    /** Records the lines under the value the parser is at, and leaves the parser at its last token. */
    private static void value(JsonParser parser, String path, Map<String, Integer> lines) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String child = path.isEmpty() ? parser.currentName() : path + "." + parser.currentName();
                lines.put(child, parser.currentTokenLocation().getLineNr());
                parser.nextToken();
                value(parser, child, lines);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            for (JsonToken next = parser.nextToken(); next != null && next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                String child = path + "[" + index++ + "]";
                lines.put(child, parser.currentTokenLocation().getLineNr());
                value(parser, child, lines);
            }
        }
    }

    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    /** The lines of one element of {@code items}, with the prefix removed. */
    static Map<String, Integer> under(Map<String, Integer> lines, String prefix) {
        Map<String, Integer> inner = new HashMap<>();
        lines.forEach((path, line) -> {
            if (path.startsWith(prefix + ".")) {
                inner.put(path.substring(prefix.length() + 1), line);
            }
        });
        return inner;
    }

    static int itemLine(Map<String, Integer> lines, int item, int fallback) {
        return lines.getOrDefault("items[" + item + "]", fallback);
    }
}
