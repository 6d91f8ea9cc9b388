package dev.vaultserver.admission.core.lookup;

import java.util.Optional;
import java.util.Set;

/** Finds which keys a Secret holds. Implementations never hand out, keep or log a Secret's values. */
public interface SecretLookup {

    /**
     * @param requiredKeys the keys the caller needs: a cache may answer from memory when its entry has them
     *        all, and must ask the source of truth otherwise, so that a stale entry never makes a false denial
     * @return the Secret's non-empty keys, or empty when there is no such Secret
     * @throws SecretLookupException when it cannot be told whether the Secret exists (API server
     *         unreachable, access forbidden, ...)
     */
    Optional<SecretKeys> find(String namespace, String name, Set<String> requiredKeys) throws SecretLookupException;
}
