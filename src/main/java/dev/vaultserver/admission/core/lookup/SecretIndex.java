package dev.vaultserver.admission.core.lookup;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Secrets taken from manifests (a folder of files, or the documents given to {@code check}), as a
 * {@link SecretLookup}. A Secret without {@code metadata.namespace} is found in every namespace, as
 * {@code kubectl apply -n} would place it anywhere. Only key names are kept.
 */
public final class SecretIndex implements SecretLookup {

    private static final String ANY_NAMESPACE = "";

    private final Map<String, SecretKeys> secrets;

    private SecretIndex(Map<String, SecretKeys> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    public static SecretIndex empty() {
        return new SecretIndex(Map.of());
    }

    /** The Secrets among these documents; documents of other kinds are ignored. */
    public static SecretIndex of(Iterable<JsonNode> documents) {
        Map<String, SecretKeys> secrets = new HashMap<>();
        for (JsonNode doc : documents) {
            if (isSecret(doc)) {
                secrets.put(key(doc.path("metadata").path("namespace").asText(ANY_NAMESPACE), doc.path("metadata").path("name").asText()),
                        SecretKeys.ofManifest(doc));
            }
        }
        return new SecretIndex(secrets);
    }

    public static boolean isSecret(JsonNode doc) {
        return doc != null && "v1".equals(doc.path("apiVersion").asText()) && "Secret".equals(doc.path("kind").asText())
                && doc.path("metadata").path("name").isTextual();
    }

    public int size() {
        return secrets.size();
    }

    @Override
    public Optional<SecretKeys> find(String namespace, String name, Set<String> requiredKeys) {
        return Optional.ofNullable(secrets.getOrDefault(key(namespace, name), secrets.get(key(ANY_NAMESPACE, name))));
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
