package dev.vaultserver.admission.core.lookup;

import dev.vaultserver.admission.core.model.EffectiveBackend;

import java.util.List;

/** The VaultServers that exist, by where their DynamoDB data lives. */
public interface VaultServerIndex {

    /** One VaultServer, by namespace and name. */
    record Ref(String namespace, String name) {
        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    /** Every VaultServer whose effective backend is at this location. */
    List<Ref> using(EffectiveBackend.Location location) throws LookupException;

    /** No cluster: no other VaultServer is known. */
    VaultServerIndex NONE = location -> List.of();
}
