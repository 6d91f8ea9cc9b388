package dev.vaultserver.admission.dryrun;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads YAML or JSON manifests: files, or directories walked recursively ({@code *.yaml}, {@code *.yml},
 * {@code *.json}), several documents a file, each with the file and line it starts at. A
 * {@code kind: List} is opened into its items.
 */
public final class ManifestReader {

    /** One document of the input. */
    public record Document(Path file, int index, int line, JsonNode content) {
        public String where() {
            return file + ":" + line;
        }
    }

    /** Input that cannot be read: the message names the file and, for syntax errors, the line. */
    public static final class UnreadableInput extends Exception {
        UnreadableInput(String message) {
            super(message);
        }
    }

    private final ObjectMapper yaml;

    public ManifestReader() {
        // YAML is a superset of JSON: one parser reads both. Exact decimals, as the webhook reads numbers.
        this.yaml = YAMLMapper.builder(new YAMLFactory())
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    }

    public List<Document> read(List<Path> paths) throws UnreadableInput {
        List<Document> documents = new ArrayList<>();
        for (Path path : paths) {
            for (Path file : files(path)) {
                readFile(file, documents);
            }
        }
        return documents;
    }

    private static List<Path> files(Path path) throws UnreadableInput {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new UnreadableInput(path + ": no such file or directory");
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
        } catch (IOException e) {
            throw new UnreadableInput(path + ": " + e.getMessage());
        }
    }

    private void readFile(Path file, List<Document> documents) throws UnreadableInput {
        int index = 0;
        try (JsonParser parser = yaml.createParser(file.toFile())) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode content = yaml.readTree(parser);
                index++;
                if (token == JsonToken.VALUE_NULL || content == null || content.isNull() || content.isMissingNode()) {
                    continue; // an empty document (e.g. a trailing ---)
                }
                if ("List".equals(content.path("kind").asText()) && content.path("items").isArray()) {
                    for (JsonNode item : content.path("items")) {
                        documents.add(new Document(file, index, line, item));
                    }
                } else {
                    documents.add(new Document(file, index, line, content));
                }
            }
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
            throw new UnreadableInput(file + at + ": not valid YAML or JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UnreadableInput(file + ": " + e.getMessage());
        }
    }
}
