package dev.vaultserver.admission.core.lookup;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * All the rules need to know of a Secret: the names of its keys whose value is not empty. A key present
 * with an empty value counts as missing, as the Vault container would get an empty variable. The
 * values themselves are never kept.
 */
public record SecretKeys(Set<String> nonEmptyKeys) {

    public SecretKeys {
        nonEmptyKeys = Set.copyOf(nonEmptyKeys);
    }

    public boolean has(String key) {
        return nonEmptyKeys.contains(key);
    }

    /** From a Secret's {@code data} (base64 strings) and {@code stringData} (plain strings), either may be null. */
    public static SecretKeys of(Map<String, String> data, Map<String, String> stringData) {
        Set<String> keys = new TreeSet<>();
        addNonEmpty(keys, data);
        addNonEmpty(keys, stringData);
        return new SecretKeys(keys);
    }

    /**
     * From a Secret as JSON (a manifest or an API object): the keys of {@code data} and {@code stringData}
     * whose value is a non-empty string.
     */
    public static SecretKeys ofManifest(JsonNode secret) {
        Set<String> keys = new TreeSet<>();
        for (String section : new String[] {"data", "stringData"}) {
            secret.path(section).fields().forEachRemaining(e -> {
                if (e.getValue().isTextual() && !e.getValue().asText().isEmpty()) {
                    keys.add(e.getKey());
                }
            });
        }
        return new SecretKeys(keys);
    }

    private static void addNonEmpty(Set<String> keys, Map<String, String> values) {
        if (values != null) {
            values.forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    keys.add(k);
                }
            });
        }
    }
}
