package dev.vaultserver.admission.checkaudit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vaultserver.admission.checkaudit.report.InputError;
import dev.vaultserver.admission.checkaudit.report.Source;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads YAML or JSON manifests: files, directories walked recursively ({@code *.yaml}, {@code *.yml},
 * {@code *.json}) or standard input ({@code -}, as kubectl reads it), several documents each, every
 * document with the line it starts at and the line of each of its fields. Input whose first character is
 * <code>{</code> or {@code [} is read as JSON, anything else as YAML. A {@code kind: List} is opened into
 * its items. A syntax error is reported whole, with its file, line and column.
 */
public final class ManifestReader {

    /** One document of the input, with the line of each field path ({@code spec.backend.dynamodb.region}). */
    public record Document(Path file, int index, int line, JsonNode content, Map<String, Integer> fieldLines) {

        public String where() {
            return file + ":" + line;
        }

        /** The line of a field (or of its nearest parent that has one), else the document's. */
        public int lineOf(String field) {
            for (String path = field; !path.isEmpty(); path = FieldLines.parent(path)) {
                Integer at = fieldLines.get(path);
                if (at != null) {
                    return at;
                }
            }
            return line;
        }

        public Source source() {
            return Source.document(file.toString(), index, line);
        }
    }

    /** Input that cannot be read. */
    public static final class UnreadableInput extends Exception {

        private final InputError error;

        UnreadableInput(InputError error) {
            super(error.describe());
            this.error = error;
        }

        public InputError error() {
            return error;
        }
    }

    // YAML is a superset of JSON, but JSON's own parser gives JSON's own errors. Exact decimals, as the webhook reads numbers.
    private final ObjectMapper yaml = YAMLMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private final ObjectMapper json = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    public List<Document> read(List<Path> paths) throws UnreadableInput {
        return read(paths, InputStream.nullInputStream());
    }

    /** @param stdin what {@code -} reads */
    public List<Document> read(List<Path> paths, InputStream stdin) throws UnreadableInput {
        List<Document> documents = new ArrayList<>();
        boolean stdinRead = false;
        for (Path path : paths) {
            if (path.toString().equals(Source.STDIN)) {
                if (!stdinRead) {
                    stdinRead = true;
                    readBytes(path, () -> stdin.readAllBytes(), documents);
                }
                continue;
            }
            for (Path file : files(path)) {
                readBytes(file, () -> Files.readAllBytes(file), documents);
            }
        }
        return documents;
    }

    private static List<Path> files(Path path) throws UnreadableInput {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new UnreadableInput(new InputError(path.toString(), null, null, "no such file or directory"));
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
        } catch (IOException e) {
            throw new UnreadableInput(new InputError(path.toString(), null, null, e.getMessage()));
        }
    }

    private interface Bytes {
        byte[] read() throws IOException;
    }

    private void readBytes(Path file, Bytes source, List<Document> documents) throws UnreadableInput {
        byte[] bytes;
        try {
            bytes = source.read();
        } catch (IOException e) {
            throw new UnreadableInput(new InputError(file.toString(), null, null, "cannot be read: " + e.getMessage()));
        }
        ObjectMapper mapper = looksLikeJson(bytes) ? json : yaml;
        List<Map<String, Integer>> lines = FieldLines.of(mapper, bytes);
        int index = 0;
        try (JsonParser parser = mapper.createParser(bytes)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode content = mapper.readTree(parser);
                Map<String, Integer> fieldLines = index < lines.size() ? lines.get(index) : Map.of();
                index++;
                if (token == JsonToken.VALUE_NULL || content == null || content.isNull() || content.isMissingNode()) {
                    continue; // an empty document (e.g. a trailing ---)
                }
                if ("List".equals(content.path("kind").asText()) && content.path("items").isArray()) {
                    int item = 0;
                    for (JsonNode entry : content.path("items")) {
                        documents.add(new Document(file, index, FieldLines.itemLine(fieldLines, item, line),
                                entry, FieldLines.under(fieldLines, "items[" + item + "]")));
                        item++;
                    }
                } else {
                    documents.add(new Document(file, index, line, content, fieldLines));
                }
            }
        } catch (JsonProcessingException e) {
            throw new UnreadableInput(syntaxError(file, e));
        } catch (IOException e) {
            throw new UnreadableInput(new InputError(file.toString(), null, null, "cannot be read: " + e.getMessage()));
        }
    }

    private static boolean looksLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    /** The whole problem, at the place the parser names (for YAML: the problem's mark, not the context's). */
    static InputError syntaxError(Path file, JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String problem = yaml.getProblem().replace("found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)",
                    "found a tab that cannot start any token: YAML is indented with spaces, never tabs");
            String context = yaml.getContext() == null ? "" : " (" + yaml.getContext()
                    + (yaml.getContextMark() == null ? "" : " at line " + (yaml.getContextMark().getLine() + 1) + ", column " + (yaml.getContextMark().getColumn() + 1))
                    + ")";
            return new InputError(file.toString(), yaml.getProblemMark().getLine() + 1, yaml.getProblemMark().getColumn() + 1,
                    "not valid YAML: " + problem + context);
        }
        Integer line = e.getLocation() == null ? null : e.getLocation().getLineNr();
        Integer column = e.getLocation() == null ? null : e.getLocation().getColumnNr();
        return new InputError(file.toString(), line, column, "not valid " + (e.getClass().getName().contains("yaml") ? "YAML" : "JSON") + ": "
                + e.getOriginalMessage().replace('\n', ' ').trim());
    }
}
