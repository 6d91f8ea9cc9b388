package dev.vaultserver.admission.core.lookup;

/**
 * Something the rules need from the cluster could not be looked up (the API server is unreachable,
 * slow, or refused us). The message says why in words fit for a user: it is shown in the denial, and
 * must never contain a Secret's value.
 */
public class LookupException extends Exception {

    public LookupException(String message) {
        super(message);
    }

    public LookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
