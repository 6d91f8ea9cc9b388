package dev.vaultserver.admission.e2e.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The single node, seen from the machine it runs on (the suite runs there): the webhook containers'
 * processes through the cluster's own containerd ({@code ctr}), their memory in /proc, and the API server's
 * connections to them ({@code ss}).
 */
final class Node {
    private final String containerdSocket;

    Node(String containerdSocket) {
        this.containerdSocket = containerdSocket;
    }

    /** The host PID of the webhook container's main process (the JVM: the image's entrypoint is java). */
    long pid(Pod pod) {
        String id = containerId(pod);
        for (String line : ctr("tasks", "ls").split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 3 && columns[0].equals(id) && "RUNNING".equals(columns[2])) {
                return Long.parseLong(columns[1]);
            }
        }
        throw new AssertionError("no running task for container " + id + " of pod " + pod.getMetadata().getName());
    }

    /** Sends SIGKILL to the webhook container of the pod, as the kernel's OOM killer or a crash would end it. */
    void kill(Pod pod) {
        ctr("tasks", "kill", "--signal", "SIGKILL", containerId(pod));
    }

    /** Resident memory of a process, in MiB. */
    static double rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new AssertionError("no VmRSS for " + pid);
    }

    /**
     * How many connections the API server holds open to a Pod's HTTPS port (it keeps one HTTP/2
     * connection per webhook client and sends every review on it while it lasts).
     */
    static long apiServerConnections(String podIp) {
        return run(List.of("ss", "-Htnp", "state", "established", "dst", podIp + ":8443")).lines()
                .filter(line -> line.contains("\"kube-apiserver\"")).count();
    }

    private static String containerId(Pod pod) {
        ContainerStatus status = pod.getStatus().getContainerStatuses().stream()
                .filter(s -> "webhook".equals(s.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no webhook container in " + pod.getMetadata().getName()));
        return status.getContainerID().replaceFirst("^containerd://", "");
    }

    private String ctr(String... args) {
        List<String> command = new ArrayList<>(List.of("ctr", "--address", containerdSocket, "-n", "k8s.io"));
        command.addAll(List.of(args));
        return run(command);
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(command + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
