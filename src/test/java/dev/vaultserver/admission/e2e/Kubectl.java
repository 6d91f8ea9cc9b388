package dev.vaultserver.admission.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** One kubectl run with the suite's KUBECONFIG, fed on standard input: its exit code and both outputs. */
public final class Kubectl {
    final List<String> command = new ArrayList<>();
    public int exit;
    public String stdout = "";
    public String stderr = "";

    public Kubectl(String... args) {
        command.add("kubectl");
        command.addAll(List.of(args));
    }

    public Kubectl run() {
        return input("");
    }

    public Kubectl input(String stdin) {
        try {
            Path out = Files.createTempFile("kubectl", ".out");
            Path err = Files.createTempFile("kubectl", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("kubectl timed out: " + command);
            }
            exit = process.exitValue();
            stdout = Files.readString(out);
            stderr = Files.readString(err);
            Files.delete(out);
            Files.delete(err);
            return this;
        } catch (IOException e) {
            throw new AssertionError("kubectl could not run: " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Kubectl assertOk() {
        assertEquals(0, exit, toString());
        return this;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " -> exit " + exit + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
}
