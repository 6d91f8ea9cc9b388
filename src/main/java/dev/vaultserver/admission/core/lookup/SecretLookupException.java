package dev.vaultserver.admission.core.lookup;


/**
 * A Secret could not be looked up. The message says why in words fit for a user (it is shown in the
 * denial) and must never contain a Secret's value.
 */
public class SecretLookupException extends LookupException {

    public SecretLookupException(String message) {
        super(message);
    }

    public SecretLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
