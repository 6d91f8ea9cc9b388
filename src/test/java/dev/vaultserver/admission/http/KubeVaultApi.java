package dev.vaultserver.admission.http;

import dev.vaultserver.admission.core.model.VaultServerVersion;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.quarkus.test.kubernetes.client.KubernetesServer;

import java.util.function.Consumer;

/**
 * Makes the mock API server serve KubeVault's VaultServer resource in both versions, as a cluster with
 * the CRD installed does: discovery answers for {@code kubevault.com/v1alpha1} and {@code v1alpha2}
 * (the CRUD mode then stores and watches the objects). Runs before the service starts.
 */
public class KubeVaultApi implements Consumer<KubernetesServer> {

    @Override
    public void accept(KubernetesServer server) {
        for (VaultServerVersion version : VaultServerVersion.values()) {
            server.expect().get().withPath("/apis/" + version.apiVersion())
                    .andReturn(200, new APIResourceListBuilder().withGroupVersion(version.apiVersion())
                            .addNewResource().withName("vaultservers").withKind("VaultServer").withNamespaced(true)
                            .withSingularName("vaultserver").withVerbs("get", "list", "watch", "create", "update", "patch", "delete").endResource()
                            .build())
                    .always();
        }
    }
}
