package dev.vaultserver.admission.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vaultserver.admission.core.lookup.SecretIndex;
import dev.vaultserver.admission.core.lookup.SecretKeys;
import dev.vaultserver.admission.core.lookup.SecretLookup;
import dev.vaultserver.admission.core.lookup.SecretLookupException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Secrets read from a local directory of manifests ({@code *.yaml}, {@code *.yml}, {@code *.json},
 * several documents a file allowed), for running without a cluster; see {@link SecretIndex} for how
 * they are found. The directory is looked at again at most once a second (not on every review), and
 * read again only when a file in it changed; a missing directory holds no Secrets.
 */
public final class DirectorySecretLookup implements SecretLookup {

    private static final Logger LOG = Logger.getLogger(DirectorySecretLookup.class);
    private static final YAMLMapper YAML = new YAMLMapper();

    private final Path directory;
    private static final long RESCAN_NANOS = 1_000_000_000L;

    private volatile Snapshot snapshot = new Snapshot(List.of(), SecretIndex.empty());
    private long scannedAt = System.nanoTime() - RESCAN_NANOS;

    private record Snapshot(List<String> stamp, SecretIndex secrets) {
    }

    public DirectorySecretLookup(Path directory) {
        this.directory = directory;
    }

    @Override
    public Optional<SecretKeys> find(String namespace, String name, Set<String> requiredKeys) throws SecretLookupException {
        return current().secrets().find(namespace, name, requiredKeys);
    }

    private synchronized Snapshot current() throws SecretLookupException {
        if (System.nanoTime() - scannedAt < RESCAN_NANOS) {
            return snapshot;
        }
        scannedAt = System.nanoTime();
        try {
            List<Path> files = manifests();
            List<String> stamp = files.stream().map(DirectorySecretLookup::stampOf).toList();
            if (!stamp.equals(snapshot.stamp())) {
                snapshot = new Snapshot(stamp, SecretIndex.of(read(files)));
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

    private static List<JsonNode> read(List<Path> files) {
        List<JsonNode> documents = new ArrayList<>();
        for (Path file : files) {
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                while (docs.hasNext()) {
                    documents.add(docs.next());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warnf("skipping %s: not readable as Secret manifests (%s)", file, e.getClass().getSimpleName());
            }
        }
        return documents;
    }
}
