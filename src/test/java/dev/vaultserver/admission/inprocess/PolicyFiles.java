package dev.vaultserver.admission.inprocess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Tenant policy files for the service under test, written whole in one rename (as the kubelet swaps a ConfigMap). */
final class PolicyFiles {

    /** The setting that names the file. */
    static final String SETTING = "vaultserver-admission.policy.file";

    private PolicyFiles() {
    }

    static void write(Path file, String policy) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, policy);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
