package dev.vaultserver.admission.core.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;

import java.util.Optional;

/**
 * What the core needs of one admission request, independent of how it arrived (HTTP AdmissionReview
 * v1 or v1beta1, or a manifest read from a file).
 *
 * @param operation CREATE, UPDATE, DELETE or CONNECT
 * @param group the group of the object's kind as requested, e.g. {@code kubevault.com}
 * @param version its version, e.g. {@code v1alpha2}
 * @param kind its kind, e.g. {@code VaultServer}
 * @param subResource the subresource, or empty
 * @param namespace the request's namespace, or empty
 * @param object the object (absent on DELETE), as raw JSON
 * @param oldObject the object before an UPDATE, as raw JSON
 * @param dryRun whether the API server will not persist the result (the answer is the same)
 * @param requester who asked for it ({@code request.userInfo})
 */
public record AdmissionAttributes(
        String operation,
        String group,
        String version,
        String kind,
        String subResource,
        String namespace,
        JsonNode object,
        JsonNode oldObject,
        boolean dryRun,
        Requester requester) {

    /** A request whose requester is not known (read from a file, made by a test). */
    public AdmissionAttributes(String operation, String group, String version, String kind, String subResource, String namespace,
            JsonNode object, JsonNode oldObject, boolean dryRun) {
        this(operation, group, version, kind, subResource, namespace, object, oldObject, dryRun, Requester.UNKNOWN);
    }

    public AdmissionAttributes {
        requester = requester == null ? Requester.UNKNOWN : requester;
        object = object == null ? MissingNode.getInstance() : object;
        oldObject = oldObject == null ? MissingNode.getInstance() : oldObject;
        subResource = subResource == null ? "" : subResource;
        namespace = namespace == null ? "" : namespace;
    }

    public boolean isVaultServer() {
        return VaultServerVersion.GROUP.equals(group) && VaultServerVersion.KIND.equals(kind);
    }

    /** Whether this is a write of a VaultServer's main resource: the only requests the rules look at. */
    public boolean writesVaultServer() {
        return isVaultServer()
                && subResource.isEmpty()
                && ("CREATE".equals(operation) || "UPDATE".equals(operation))
                && object.isObject();
    }

    /** Whether this deletes a VaultServer (its main resource) as stored in {@code oldObject}, which the API server sends on DELETE. */
    public boolean deletesVaultServer() {
        return isVaultServer() && subResource.isEmpty() && "DELETE".equals(operation) && oldObject.isObject();
    }

    /** The VaultServer being deleted, as stored, when this deletes one of a version this webhook knows. */
    public Optional<VaultServer> deletedVaultServer() {
        if (!deletesVaultServer()) {
            return Optional.empty();
        }
        return VaultServerVersion.of(version).map(v -> new VaultServer(oldObject, v, namespace.isEmpty()
                ? oldObject.path("metadata").path("namespace").asText("default") : namespace));
    }

    /** The VaultServer being written, when this writes one of a version this webhook knows. */
    public Optional<VaultServer> vaultServer() {
        if (!writesVaultServer()) {
            return Optional.empty();
        }
        return VaultServerVersion.of(version).map(v -> new VaultServer(object, v, effectiveNamespace()));
    }

    private String effectiveNamespace() {
        if (!namespace.isEmpty()) {
            return namespace;
        }
        String fromMetadata = object.path("metadata").path("namespace").asText("");
        return fromMetadata.isEmpty() ? "default" : fromMetadata;
    }

    /** The same request for another object: what the validating webhook sees after the mutating one's patch. */
    public AdmissionAttributes withObject(JsonNode patched) {
        return new AdmissionAttributes(operation, group, version, kind, subResource, namespace, patched, oldObject, dryRun, requester);
    }
}
