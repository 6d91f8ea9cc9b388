package dev.vaultserver.admission.checkaudit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vaultserver.admission.core.lookup.ClusterView;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** check's cluster is its input: Namespaces with labels (and the command line's on top), Secrets, and VaultServers by table. */
class ManifestClusterTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void namespacesSecretsAndVaultServersOfTheInputAreTheCluster() throws Exception {
        List<ManifestReader.Document> documents = List.of(
                doc("{apiVersion: v1, kind: Namespace, metadata: {name: team-a, labels: {tier: prod}}}"),
                doc("{apiVersion: v1, kind: Secret, metadata: {name: aws, namespace: team-a}, stringData: {access_key: a, secret_key: s}}"),
                doc("{apiVersion: kubevault.com/v1alpha2, kind: VaultServer, metadata: {name: one, namespace: team-a},"
                        + " spec: {backend: {dynamodb: {table: shared, region: eu-west-1}}}}"),
                doc("{apiVersion: kubevault.com/v1alpha2, kind: VaultServer, metadata: {name: two},"
                        + " spec: {backend: {dynamodb: {table: shared, region: eu-west-1}}}}"),
                doc("{apiVersion: kubevault.com/v1beta9, kind: VaultServer, metadata: {name: unknown-version},"
                        + " spec: {backend: {dynamodb: {table: shared, region: eu-west-1}}}}"));
        ClusterView cluster = ManifestCluster.of(documents, "default", Map.of("team-a", Map.of("owner", "a"), "team-b", Map.of("owner", "b")));

        assertEquals(Optional.of(Map.of("tier", "prod", "owner", "a")), cluster.namespaces().labels("team-a"));
        assertEquals(Optional.of(Map.of("owner", "b")), cluster.namespaces().labels("team-b"));
        assertEquals(Optional.empty(), cluster.namespaces().labels("team-c"));
        assertEquals(Set.of("access_key", "secret_key"),
                cluster.secrets().find("team-a", "aws", Set.of("access_key", "secret_key")).orElseThrow().nonEmptyKeys());
        assertEquals(Optional.empty(), cluster.secrets().find("default", "aws", Set.of("access_key")), "a Secret is in its own namespace");

        JsonNode probe = YAML.readTree("{apiVersion: kubevault.com/v1alpha2, kind: VaultServer, metadata: {name: probe},"
                + " spec: {backend: {dynamodb: {table: shared, region: eu-west-1}}}}");
        EffectiveBackend.Location shared = EffectiveBackend.of(new VaultServer(probe, VaultServerVersion.V1ALPHA2, "x")).orElseThrow().location();
        assertEquals(List.of(new VaultServerIndex.Ref("team-a", "one"), new VaultServerIndex.Ref("default", "two")),
                cluster.vaultServers().using(shared), "an object naming no namespace is in the default one; an unknown version is not indexed");
    }

    private static ManifestReader.Document doc(String yaml) throws Exception {
        return new ManifestReader.Document(Path.of("in.yaml"), 1, 1, YAML.readTree(yaml), Map.of());
    }
}
