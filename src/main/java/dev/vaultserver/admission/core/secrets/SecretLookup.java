package dev.vaultserver.admission.core.secrets;

import java.util.Optional;

/** Finds which keys a Secret holds. Implementations never hand out, keep or log a Secret's values. */
public interface SecretLookup {

    /**
     * @return the Secret's non-empty keys, or empty when there is no such Secret
     * @throws SecretLookupException when it cannot be told whether the Secret exists (API server
     *         unreachable, access forbidden, ...)
     */
    Optional<SecretKeys> find(String namespace, String name) throws SecretLookupException;
}
