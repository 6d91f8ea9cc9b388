package dev.vaultserver.admission.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KubeVault's promise for terminationPolicy DoNotTerminate, kept through the real kube-apiserver: kubectl delete, a
 * collection delete and a server-side dry run are all refused until the policy changes; and a capacity change says that
 * Vault will not apply it to the table. Each kubectl output is printed for the record.
 */
class DeleteGuardE2ETest {

    static final String NS = "e2e-delete-guard";
    static KubernetesClient client;

    @BeforeAll
    static void connect() throws Exception {
        client = E2eWebhooks.connect(NS);
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    private static String protectedVaultServer(String version, String name) {
        return VaultServerYaml.of(version, name, "{table: " + NS + "-" + name + ", region: eu-west-1}")
                .replace("  replicas: 1\n", "  replicas: 1\n  terminationPolicy: DoNotTerminate\n");
    }

    @Test
    void aDoNotTerminateVaultServerIsNotDeletedUntilItsPolicyChanges() {
        for (String version : new String[] {"v1alpha1", "v1alpha2"}) {
            String name = "kept-" + version;
            String resource = "vaultservers." + version + ".kubevault.com";
            new Kubectl("-n", NS, "create", "-f", "-").input(protectedVaultServer(version, name)).assertOk();

            Kubectl delete = new Kubectl("-n", NS, "delete", resource, name).run();
            print("kubectl delete " + resource + " " + name, delete);
            assertNotEquals(0, delete.exit);
            assertTrue(delete.stderr.contains("Error from server (Forbidden)") && delete.stderr.contains(E2eWebhooks.DENIED), delete.toString());
            assertTrue(delete.stderr.contains("spec.terminationPolicy: Forbidden: terminationPolicy DoNotTerminate protects this VaultServer from deletion:"
                    + " change it to Halt, Delete or WipeOut first"), delete.toString());

            Kubectl dryRun = new Kubectl("-n", NS, "delete", resource, name, "--dry-run=server").run();
            print("kubectl delete --dry-run=server", dryRun);
            assertNotEquals(0, dryRun.exit);
            assertTrue(dryRun.stderr.contains("DoNotTerminate protects this VaultServer"), dryRun.toString());
            assertNotNull(client.genericKubernetesResources("kubevault.com/" + version, "VaultServer").inNamespace(NS).withName(name).get());
        }

        new Kubectl("-n", NS, "create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "free", "{table: " + NS + "-free, region: eu-west-1}")).assertOk();
        Kubectl all = new Kubectl("-n", NS, "delete", "vaultservers.v1alpha2.kubevault.com", "--all").run();
        print("kubectl delete vaultservers --all", all);
        assertNotEquals(0, all.exit, "one review per object: the protected ones are refused");
        assertTrue(all.stdout.contains("\"free\" deleted"), "the others are deleted: " + all);
        assertNull(client.genericKubernetesResources("kubevault.com/v1alpha2", "VaultServer").inNamespace(NS).withName("free").get());
        assertNotNull(client.genericKubernetesResources("kubevault.com/v1alpha2", "VaultServer").inNamespace(NS).withName("kept-v1alpha2").get());

        for (String version : new String[] {"v1alpha1", "v1alpha2"}) {
            String resource = "vaultservers." + version + ".kubevault.com";
            new Kubectl("-n", NS, "patch", resource, "kept-" + version, "--type=merge", "-p", "{\"spec\":{\"terminationPolicy\":\"Delete\"}}").run().assertOk();
            Kubectl deleted = new Kubectl("-n", NS, "delete", resource, "kept-" + version).run();
            print("kubectl delete after the policy is Delete", deleted);
            deleted.assertOk();
        }
    }

    @Test
    void aCapacityChangeSaysVaultKeepsTheTablesCapacity() {
        new Kubectl("-n", NS, "create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "capacity", "{table: " + NS + "-capacity, region: eu-west-1}"))
                .assertOk();
        Kubectl raised = new Kubectl("-n", NS, "patch", "vaultservers.v1alpha2.kubevault.com", "capacity", "--type=merge",
                "-p", "{\"spec\":{\"backend\":{\"dynamodb\":{\"readCapacity\":50}}}}").run();
        print("kubectl patch readCapacity 5 -> 50", raised);
        raised.assertOk();
        assertTrue(raised.stderr.contains("Warning: spec.backend.dynamodb.readCapacity: Vault uses the read capacity only when it creates the table:"
                + " table \"" + NS + "-capacity\" keeps its 5 read capacity units; to change it in DynamoDB: aws dynamodb update-table --table-name "
                + NS + "-capacity --region eu-west-1 --provisioned-throughput ReadCapacityUnits=50,WriteCapacityUnits=5"), raised.toString());
    }

    private static void print(String what, Kubectl result) {
        System.out.printf("delete guard: %s -> exit %d%n%s%s", what, result.exit, indent(result.stdout), indent(result.stderr));
    }

    private static String indent(String text) {
        return text.isBlank() ? "" : text.lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n");
    }
}
