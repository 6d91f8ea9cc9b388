package dev.vaultserver.admission.secrets;

import dev.vaultserver.admission.core.secrets.SecretKeys;
import dev.vaultserver.admission.core.secrets.SecretLookup;
import dev.vaultserver.admission.core.secrets.SecretLookupException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Optional;

/**
 * Looks Secrets up on the API server. Only the names of non-empty keys leave this class; the values
 * are dropped at once. Failures become a {@link SecretLookupException} whose message says why in
 * words (never a value: the API server's error texts carry none).
 */
public final class KubernetesSecretLookup implements SecretLookup {

    private final KubernetesClient client;

    public KubernetesSecretLookup(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<SecretKeys> find(String namespace, String name) throws SecretLookupException {
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new SecretLookupException(describe(e, namespace), e);
        }
        return Optional.ofNullable(secret).map(s -> SecretKeys.of(s.getData(), s.getStringData()));
    }

    static String describe(KubernetesClientException e, String namespace) {
        return switch (e.getCode()) {
            case 401 -> "the API server did not accept the webhook's credentials (401 Unauthorized)";
            case 403 -> "the webhook's service account may not get Secrets in namespace \"" + namespace + "\" (403 Forbidden)";
            case 0 -> "the API server could not be reached (" + rootMessage(e) + ")";
            default -> "the API server answered " + e.getCode()
                    + (e.getStatus() != null && e.getStatus().getReason() != null ? " " + e.getStatus().getReason() : "");
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
