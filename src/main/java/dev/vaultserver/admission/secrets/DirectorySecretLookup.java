package dev.vaultserver.admission.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vaultserver.admission.core.secrets.SecretKeys;
import dev.vaultserver.admission.core.secrets.SecretLookup;
import dev.vaultserver.admission.core.secrets.SecretLookupException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Secrets read from a local directory of manifests ({@code *.yaml}, {@code *.yml}, {@code *.json},
 * several documents a file allowed), for running without a cluster. A Secret without
 * {@code metadata.namespace} is found in every namespace, as {@code kubectl apply -n} would place it
 * anywhere. The directory is read again when a file in it changes; a missing directory holds no Secrets.
 * Only key names are kept.
 */
public final class DirectorySecretLookup implements SecretLookup {

    private static final Logger LOG = Logger.getLogger(DirectorySecretLookup.class);
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String ANY_NAMESPACE = "";

    private final Path directory;
    private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of());

    private record Snapshot(List<String> stamp, Map<String, SecretKeys> secrets) {
    }

    public DirectorySecretLookup(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public Optional<SecretKeys> find(String namespace, String name) throws SecretLookupException {
        Map<String, SecretKeys> secrets = current().secrets();
        return Optional.ofNullable(secrets.getOrDefault(key(namespace, name), secrets.get(key(ANY_NAMESPACE, name))));
    }

    private synchronized Snapshot current() throws SecretLookupException {
        try {
            List<Path> files = manifests();
            List<String> stamp = files.stream().map(DirectorySecretLookup::stampOf).toList();
            if (!stamp.equals(snapshot.stamp())) {
                snapshot = new Snapshot(stamp, read(files));
            }
            return snapshot;
        } catch (IOException | UncheckedIOException e) {
            throw new SecretLookupException("the local Secrets directory " + directory + " could not be read: " + e.getMessage());
        }
    }

    private List<Path> manifests() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(ya?ml|json)$"))
                    .sorted()
                    .toList();
        }
    }

    private static String stampOf(Path file) {
        try {
            return file + "@" + Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, SecretKeys> read(List<Path> files) {
        Map<String, SecretKeys> secrets = new HashMap<>();
        for (Path file : files) {
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc != null && "Secret".equals(doc.path("kind").asText()) && doc.path("metadata").path("name").isTextual()) {
                        secrets.put(key(doc.path("metadata").path("namespace").asText(ANY_NAMESPACE), doc.path("metadata").path("name").asText()),
                                SecretKeys.ofManifest(doc));
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warnf("skipping %s: not readable as Secret manifests (%s)", file, e.getClass().getSimpleName());
            }
        }
        return Map.copyOf(secrets);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
