package dev.vaultserver.admission.config;

/** Where Secret lookups come from. */
public enum SecretSource {
    /** The API server if one is configured (in-cluster, KUBECONFIG, ~/.kube/config or an explicit URL), else the directory. */
    AUTO,
    /** Always the API server, through the fabric8 client. */
    KUBERNETES,
    /** Always a local directory of Secret manifests. */
    DIRECTORY
}
