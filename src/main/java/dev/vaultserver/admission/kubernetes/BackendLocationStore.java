package dev.vaultserver.admission.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The informer's store of VaultServers of one API version, keeping of each only what locates its data:
 * name, namespace, resourceVersion, {@code spec.backend.dynamodb}'s endpoint, region and table, and the
 * env vars that override them. It indexes the objects by {@link EffectiveBackend.Location}, so finding
 * who uses a table is one map lookup.
 */
final class BackendLocationStore extends ReducedObjectStore<GenericKubernetesResource> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LOCATING_FIELDS = List.of("endpoint", "region", "table");

    private final VaultServerVersion version;
    private final Listener listener;
    private final Map<String, EffectiveBackend.Location> locations = new ConcurrentHashMap<>();
    private final Map<EffectiveBackend.Location, Set<VaultServerIndex.Ref>> users = new ConcurrentHashMap<>();

    /** Told of every change the watch brings. */
    interface Listener {
        /** A VaultServer was added or changed: it is stored, under this uid. */
        void stored(String uid);

        /** A VaultServer was deleted. */
        void deleted();
    }

    BackendLocationStore(VaultServerVersion version, Listener listener) {
        this.version = version;
        this.listener = listener;
    }

    VaultServerVersion version() {
        return version;
    }

    /** The VaultServers whose data is at this location. */
    Set<VaultServerIndex.Ref> using(EffectiveBackend.Location location) {
        return users.getOrDefault(location, Set.of());
    }

    /** Every known location and the VaultServers using it, as they are now. */
    synchronized Map<EffectiveBackend.Location, Set<VaultServerIndex.Ref>> users() {
        Map<EffectiveBackend.Location, Set<VaultServerIndex.Ref>> copy = new java.util.HashMap<>();
        users.forEach((location, refs) -> copy.put(location, Set.copyOf(refs)));
        return copy;
    }

    /** Where a VaultServer of this version, read whole from the API server, keeps its data (empty: not DynamoDB, or not known). */
    java.util.Optional<EffectiveBackend.Location> locationOf(GenericKubernetesResource object) {
        return EffectiveBackend.of(new VaultServer(locatingOnly(object), version, object.getMetadata().getNamespace()))
                .map(EffectiveBackend::location).filter(EffectiveBackend.Location::known);
    }

    @Override
    public GenericKubernetesResource put(String key, GenericKubernetesResource object) {
        GenericKubernetesResource previous;
        synchronized (this) {
            ObjectNode tree = locatingOnly(object);
            // Being deleted, it keeps the location it had: a spec changed now (which the webhook refuses, but an object
            // written while it was away may carry) never takes another tenant's table in the index.
            boolean keepsLocation = object.getMetadata().getDeletionTimestamp() != null && locations.containsKey(key);
            if (!keepsLocation) {
                unindex(key);
                String namespace = object.getMetadata().getNamespace();
                EffectiveBackend.of(new VaultServer(tree, version, namespace)).map(EffectiveBackend::location).filter(EffectiveBackend.Location::known)
                        .ifPresent(location -> {
                            locations.put(key, location);
                            users.computeIfAbsent(location, l -> ConcurrentHashMap.newKeySet())
                                    .add(new VaultServerIndex.Ref(namespace, object.getMetadata().getName()));
                        });
            }
            previous = keep(key, JSON.convertValue(tree, GenericKubernetesResource.class));
        }
        listener.stored(object.getMetadata().getUid());
        return previous;
    }

    @Override
    public GenericKubernetesResource remove(String key) {
        GenericKubernetesResource previous;
        synchronized (this) {
            unindex(key);
            previous = super.remove(key);
        }
        listener.deleted();
        return previous;
    }

    private void unindex(String key) {
        EffectiveBackend.Location location = locations.remove(key);
        GenericKubernetesResource previous = get(key);
        if (location != null && previous != null) {
            Set<VaultServerIndex.Ref> refs = users.get(location);
            if (refs != null) {
                refs.remove(new VaultServerIndex.Ref(previous.getMetadata().getNamespace(), previous.getMetadata().getName()));
                if (refs.isEmpty()) {
                    users.remove(location);
                }
            }
        }
    }

    /** The object with only what locates its data: apiVersion, kind, metadata's identity, the locating fields and env. */
    static ObjectNode locatingOnly(GenericKubernetesResource object) {
        JsonNode whole = JSON.valueToTree(object);
        ObjectNode kept = JSON.createObjectNode();
        kept.set("apiVersion", whole.path("apiVersion"));
        kept.set("kind", whole.path("kind"));
        ObjectNode metadata = kept.putObject("metadata");
        for (String field : List.of("name", "namespace", "uid", "resourceVersion")) {
            if (whole.path("metadata").has(field)) {
                metadata.set(field, whole.path("metadata").get(field));
            }
        }
        ObjectNode spec = kept.putObject("spec");
        JsonNode dynamoDb = whole.path("spec").path("backend").path("dynamodb");
        if (dynamoDb.isObject()) {
            ObjectNode keptDynamoDb = spec.putObject("backend").putObject("dynamodb");
            LOCATING_FIELDS.forEach(f -> {
                if (dynamoDb.has(f)) {
                    keptDynamoDb.set(f, dynamoDb.get(f));
                }
            });
        }
        JsonNode env = whole.path("spec").path("podTemplate").path("spec").path("env");
        if (env.isArray()) {
            // Indexes are kept (a placeholder for other entries) so that field paths stay right.
            ArrayNode keptEnv = spec.putObject("podTemplate").putObject("spec").putArray("env");
            env.forEach(e -> keptEnv.add(EffectiveBackend.OVERRIDING_ENV.contains(e.path("name").asText()) ? e : JSON.createObjectNode()));
        }
        return kept;
    }
}
