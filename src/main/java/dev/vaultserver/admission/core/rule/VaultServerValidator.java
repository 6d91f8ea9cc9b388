package dev.vaultserver.admission.core.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.core.admission.AdmissionAttributes;
import dev.vaultserver.admission.core.admission.AdmissionDecision;
import dev.vaultserver.admission.core.admission.AdmissionHandler;
import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.core.finding.Finding;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;

import java.util.List;
import java.util.Optional;

/**
 * The validating webhook's decision: runs every {@link ObjectRule} on a VaultServer being created
 * or updated and every {@link WriteRule} on the write, merges their errors, refusals and warnings, and
 * denies when any rule found an error or a refusal; a DELETE of a VaultServer is judged by every {@link DeleteRule} on the
 * stored object. Anything else (other kinds, CONNECT, subresources) is allowed untouched, and so is an update of an object being deleted that changes nothing but its
 * metadata, so that finalizers can always be removed; one that changes its spec is checked like any other update. The webhook's own set of rules is {@link dev.vaultserver.admission.core.StandardRules}.
 */
public final class VaultServerValidator implements AdmissionHandler {

    /** The rule ID of the warning that a VaultServer of an unknown version was let through unchecked. */
    public static final String UNKNOWN_VERSION = "vaultserver.version";

    private final List<ObjectRule> rules;
    private final List<WriteRule> writeRules;
    private final List<DeleteRule> deleteRules;

    public VaultServerValidator(List<ObjectRule> rules) {
        this(rules, List.of(), List.of());
    }

    public VaultServerValidator(List<ObjectRule> rules, List<WriteRule> writeRules, List<DeleteRule> deleteRules) {
        this.rules = List.copyOf(rules);
        this.writeRules = List.copyOf(writeRules);
        this.deleteRules = List.copyOf(deleteRules);
    }

    @Override
    public AdmissionDecision handle(AdmissionAttributes request) {
        if (request.deletesVaultServer()) {
            return request.deletedVaultServer().map(this::decideDelete).orElseGet(AdmissionDecision::allow);
        }
        if (!request.writesVaultServer() || metadataOnlyWhileTerminating(request)) {
            return AdmissionDecision.allow();
        }
        return request.vaultServer()
                .map(vs -> decide(new VaultServerWrite(request.operation(), vs, old(request, vs), request.dryRun(), request.requester())))
                .orElseGet(() -> AdmissionDecision.allow(List.of(Finding.warning(UNKNOWN_VERSION, "apiVersion",
                        Echo.bare(VaultServerVersion.GROUP + "/" + request.version())
                        + " is not a VaultServer version this webhook knows (v1alpha1, v1alpha2): the object was not checked"))));
    }

    /** The IDs of its rules, in the order their findings are reported (object rules, write rules, delete rules). */
    public List<String> ruleIds() {
        List<String> ids = new java.util.ArrayList<>();
        rules.forEach(r -> ids.add(r.id()));
        writeRules.forEach(r -> ids.add(r.id()));
        deleteRules.forEach(r -> ids.add(r.id()));
        return List.copyOf(ids);
    }

    /** Every finding of every object rule about one VaultServer. */
    public Findings validate(VaultServer vaultServer) {
        Findings findings = new Findings();
        for (ObjectRule rule : rules) {
            rule.check(vaultServer, findings.by(rule.id()));
        }
        return findings;
    }

    /** Every finding of every rule about one write. */
    public Findings validate(VaultServerWrite write) {
        Findings findings = validate(write.object());
        for (WriteRule rule : writeRules) {
            rule.check(write, findings.by(rule.id()));
        }
        return findings;
    }

    /** Every finding of every delete rule about deleting this stored VaultServer. */
    public Findings validateDelete(VaultServer stored) {
        Findings findings = new Findings();
        for (DeleteRule rule : deleteRules) {
            rule.check(stored, findings.by(rule.id()));
        }
        return findings;
    }

    private AdmissionDecision decideDelete(VaultServer stored) {
        return decided(stored, validateDelete(stored));
    }

    private AdmissionDecision decide(VaultServerWrite write) {
        return decided(write.object(), validate(write));
    }

    private static AdmissionDecision decided(VaultServer object, Findings findings) {
        return AdmissionDecision.of(VaultServerVersion.GROUP, VaultServerVersion.KIND, object.name(), findings);
    }

    /** The object before an UPDATE, read in the same version as the new one (the API server sends both so). */
    private static Optional<VaultServer> old(AdmissionAttributes request, VaultServer object) {
        if (!"UPDATE".equals(request.operation()) || !request.oldObject().isObject()) {
            return Optional.empty();
        }
        return Optional.of(new VaultServer(request.oldObject(), object.version(), object.namespace()));
    }

    /**
     * An UPDATE of an object with a deletionTimestamp that changes nothing but metadata (finalizers, labels,
     * annotations) and status. A custom resource's spec can still change while it is being deleted: such an
     * update is checked like any other.
     */
    private static boolean metadataOnlyWhileTerminating(AdmissionAttributes request) {
        return "UPDATE".equals(request.operation())
                && !request.object().path("metadata").path("deletionTimestamp").asText("").isEmpty()
                && request.oldObject().isObject()
                && withoutMetadata(request.object()).equals(withoutMetadata(request.oldObject()));
    }

    private static JsonNode withoutMetadata(JsonNode object) {
        ObjectNode rest = ((ObjectNode) object).deepCopy();
        rest.remove(List.of("metadata", "status"));
        return rest;
    }
}
