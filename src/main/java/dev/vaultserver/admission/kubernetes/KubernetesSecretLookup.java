package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.lookup.SecretKeys;
import dev.vaultserver.admission.core.lookup.SecretLookup;
import dev.vaultserver.admission.core.lookup.SecretLookupException;
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
            throw new SecretLookupException(ApiServerErrors.describe(e, "get Secrets in namespace \"" + namespace + "\""), e);
        }
        return Optional.ofNullable(secret).map(s -> SecretKeys.of(s.getData(), s.getStringData()));
    }
}
