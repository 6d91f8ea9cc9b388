package dev.vaultserver.admission.checkaudit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The VaultServers of one snapshot (the input of {@code check}, the list {@code audit} read), indexed by
 * where their data lives, for the shared-table guard. Nothing in a snapshot says which object came first,
 * so every side of a shared table is reported.
 */
final class VaultServerSnapshot {

    private final Map<EffectiveBackend.Location, List<VaultServerIndex.Ref>> users = new HashMap<>();

    /** Adds a VaultServer of a known version; {@code namespace} is where it lives. */
    void add(JsonNode object, String namespace) {
        VaultServerVersion.ofApiVersion(object.path("apiVersion").asText())
                .flatMap(v -> EffectiveBackend.of(new VaultServer(object, v, namespace)))
                .map(EffectiveBackend::location)
                .filter(EffectiveBackend.Location::known)
                .ifPresent(location -> users.computeIfAbsent(location, l -> new ArrayList<>())
                        .add(new VaultServerIndex.Ref(namespace, object.path("metadata").path("name").asText())));
    }

    VaultServerIndex index() {
        return location -> List.copyOf(users.getOrDefault(location, List.of()));
    }
}
