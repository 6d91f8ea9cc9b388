package dev.vaultserver.admission.core.rule;

import dev.vaultserver.admission.core.admission.Requester;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServer;

import java.util.Optional;

/**
 * One write of a VaultServer, as a rule about the write (not only the object) sees it.
 *
 * @param operation CREATE or UPDATE
 * @param object the VaultServer as it will be stored
 * @param old the VaultServer before an UPDATE (empty on CREATE)
 * @param backend the object's effective DynamoDB backend, worked out once for every rule (empty: not DynamoDB)
 * @param oldBackend the old object's, likewise
 * @param dryRun whether the API server will not persist the write: a rule may read the cluster, never write to it
 * @param requester who asked for it: a refusal names what this requester may read, nothing more
 */
public record VaultServerWrite(String operation, VaultServer object, Optional<VaultServer> old,
        Optional<EffectiveBackend> backend, Optional<EffectiveBackend> oldBackend, boolean dryRun, Requester requester) {

    public VaultServerWrite(String operation, VaultServer object, Optional<VaultServer> old, boolean dryRun, Requester requester) {
        this(operation, object, old, EffectiveBackend.of(object), old.flatMap(EffectiveBackend::of), dryRun, requester);
    }

    /** A write that will be persisted, by a requester not known. */
    public VaultServerWrite(String operation, VaultServer object, Optional<VaultServer> old) {
        this(operation, object, old, false, Requester.UNKNOWN);
    }

    public boolean isUpdate() {
        return "UPDATE".equals(operation) && old.isPresent();
    }

    /** Whether the object is being deleted (it has a deletionTimestamp; finalizers hold it). */
    public boolean terminating() {
        return !object.object().path("metadata").path("deletionTimestamp").asText("").isEmpty();
    }

    /** The object's uid: set by the API server before the validating webhooks see a CREATE; empty elsewhere. */
    public String uid() {
        return object.object().path("metadata").path("uid").asText("");
    }

    /** An annotation of the object being written, or empty. */
    public Optional<String> annotation(String name) {
        var value = object.object().path("metadata").path("annotations").path(name);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
