package dev.vaultserver.admission.inprocess;

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

    /** The one requester the mock API server lets read VaultServers in every namespace (SubjectAccessReviews). */
    public static final String CLUSTER_ADMIN = "cluster-admin";

    @Override
    public void accept(KubernetesServer server) {
        // SubjectAccessReviews: only the cluster admin may read VaultServers of other namespaces.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, request -> {
            try {
                var review = new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.getBody().readUtf8());
                ((com.fasterxml.jackson.databind.node.ObjectNode) review).putObject("status")
                        .put("allowed", CLUSTER_ADMIN.equals(review.path("spec").path("user").asText()));
                return review;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).always();
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
