package dev.vaultserver.admission.secrets;

import dev.vaultserver.admission.core.secrets.SecretKeys;
import dev.vaultserver.admission.core.secrets.SecretLookup;
import dev.vaultserver.admission.core.secrets.SecretLookupException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Optional;
import java.util.Set;

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
    public Optional<SecretKeys> find(String namespace, String name, Set<String> requiredKeys) throws SecretLookupException {
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new SecretLookupException(describe(e, namespace), e);
        }
        return Optional.ofNullable(secret).map(s -> SecretKeys.of(s.getData(), s.getStringData()));
    }

    static String describe(KubernetesClientException e, String namespace) {
        if (e.getCode() <= 0) { // fabric8's code for "no HTTP answer at all"
            Throwable root = rootCause(e);
            String what = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
            return isTimeout(e) ? "the API server did not answer in time (" + what + ")" : "the API server could not be reached (" + what + ")";
        }
        return switch (e.getCode()) {
            case 401 -> "the API server did not accept the webhook's credentials (401 Unauthorized)";
            case 403 -> "the webhook's service account may not get Secrets in namespace \"" + namespace + "\" (403 Forbidden)";
            default -> "the API server answered " + e.getCode()
                    + (e.getStatus() != null && e.getStatus().getReason() != null ? " " + e.getStatus().getReason() : "");
        };
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.net.http.HttpTimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
