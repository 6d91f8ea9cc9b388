package dev.vaultserver.admission.kubernetes;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A real fabric8 client aimed at a loopback port nobody listens on: every call fails as with a down API server. */
public final class UnreachableApiServer {

    private UnreachableApiServer() {
    }

    public static KubernetesClient client() {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:" + closedPort)
                .withConnectionTimeout(2000).withRequestTimeout(2000).withRequestRetryBackoffLimit(0)
                .build()).build();
    }
}
