package dev.vaultserver.admission.e2e;

/** The VaultServer manifests both end-to-end suites write: one replica, the given DynamoDB block. */
public final class VaultServerYaml {

    private VaultServerYaml() {
    }

    /** A VaultServer of API version {@code version} named {@code name} with {@code spec.backend.dynamodb} as given (YAML flow). */
    public static String of(String version, String name, String dynamoDb) {
        return """
                apiVersion: kubevault.com/%s
                kind: VaultServer
                metadata:
                  name: %s
                spec:
                  version: "1.12.1"
                  replicas: 1
                  backend:
                    dynamodb: %s
                """.formatted(version, name, dynamoDb);
    }
}
