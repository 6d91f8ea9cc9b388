package dev.vaultserver.admission.core.lookup;

import java.util.Map;
import java.util.Optional;

/** The labels of Namespaces, which tenant policy rules select by. */
public interface NamespaceLookup {

    /** The labels of a namespace, or empty when there is no such namespace. */
    Optional<Map<String, String>> labels(String namespace) throws LookupException;

    /** No cluster: every namespace is unknown. */
    NamespaceLookup NONE = namespace -> Optional.empty();
}
