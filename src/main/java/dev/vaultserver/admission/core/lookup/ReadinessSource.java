package dev.vaultserver.admission.core.lookup;

/**
 * Something the service must have before it takes reviews: a watch-backed cache that has synced, a
 * tenant policy in force. The readiness check asks every lookup that is one.
 */
public interface ReadinessSource {

    /** The key under which the readiness check reports it, e.g. {@code secrets}. */
    String readinessName();

    boolean ready();
}
