package dev.vaultserver.admission.inprocess;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Serves the test certificate from {@code target/rotation/current}, a symbolic link to a versioned
 * folder, as the kubelet presents a Secret volume ({@code ..data} -> {@code ..2024_...}); {@link #rotate}
 * writes a new certificate (same CA) into a new folder and swaps the link in one atomic rename, as the
 * kubelet does when the Secret changes.
 */
public class RotatingCertificates implements QuarkusTestResourceLifecycleManager {

    static final Path ROOT = Path.of("target/rotation").toAbsolutePath();
    static final Path CURRENT = ROOT.resolve("current");

    @Override
    public Map<String, String> start() {
        try {
            deleteRecursively(ROOT);
            Path first = ROOT.resolve("v1");
            Files.createDirectories(first);
            for (String file : new String[] {"ca.crt", "ca.key", "tls.crt", "tls.key"}) {
                Files.copy(Path.of("target/test-certs", file), first.resolve(file));
            }
            Files.createSymbolicLink(CURRENT, first.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.tls.key-store.pem.0.cert", CURRENT.resolve("tls.crt").toString(),
                "quarkus.tls.key-store.pem.0.key", CURRENT.resolve("tls.key").toString());
    }

    /** A new serving certificate from the same CA in folder {@code version}, then the atomic link swap. */
    static void rotate(String version) throws IOException, InterruptedException {
        swapTo(generate(version));
    }

    /**
     * A new certificate in folder {@code version} beside the key in use, as a Secret edited by hand with
     * only {@code tls.crt} replaced: a pair that does not belong together.
     */
    static void rotateCertificateOnly(String version) throws IOException, InterruptedException {
        Path next = generate(version);
        Files.copy(CURRENT.resolve("tls.key"), next.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
        swapTo(next);
    }

    private static Path generate(String version) throws IOException, InterruptedException {
        Path next = ROOT.resolve(version);
        Files.createDirectories(next);
        Files.copy(CURRENT.resolve("ca.crt"), next.resolve("ca.crt"));
        Files.copy(CURRENT.resolve("ca.key"), next.resolve("ca.key"));
        Process generate = new ProcessBuilder("bash", "certs/generate.sh", "--out", next.toString(), "localhost", "127.0.0.1")
                .redirectErrorStream(true).start();
        String output = new String(generate.getInputStream().readAllBytes());
        if (generate.waitFor() != 0) {
            throw new IllegalStateException("generate.sh failed: " + output);
        }
        return next;
    }

    private static void swapTo(Path next) throws IOException {
        Path link = ROOT.resolve("current.tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, next.getFileName());
        Files.move(link, CURRENT, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void stop() {
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.isSymbolicLink(path) || Files.isRegularFile(path)) {
            Files.delete(path);
        } else if (Files.isDirectory(path)) {
            try (var children = Files.list(path)) {
                for (Path child : children.toList()) {
                    deleteRecursively(child);
                }
            }
            Files.delete(path);
        }
    }
}
