package dev.vaultserver.admission.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vaultserver.admission.core.admission.AdmissionAttributes;
import dev.vaultserver.admission.core.admission.AdmissionDecision;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.core.rule.VaultServerValidator;
import io.fabric8.zjsonpatch.JsonPatch;

/**
 * What the API server does with a write when both webhooks are registered: the mutating webhook's
 * patch is applied, then the validating webhook judges the patched object. Used where there is no API
 * server to do it ({@code check}, {@code audit}), with exactly the webhooks' handlers.
 */
public final class AdmissionChain {

    private final VaultServerDefaulter defaulter;
    private final VaultServerValidator validator;

    public AdmissionChain(VaultServerDefaulter defaulter, VaultServerValidator validator) {
        this.defaulter = defaulter;
        this.validator = validator;
    }

    /**
     * @param patch the mutating webhook's patch (empty when none)
     * @param object the object after the patch
     * @param decision the validating webhook's decision on it
     */
    public record Outcome(ArrayNode patch, JsonNode object, AdmissionDecision decision) {
    }

    public Outcome admit(AdmissionAttributes request) {
        ArrayNode patch = defaulter.handle(request).patchIfAny().orElse(JsonNodeFactory.instance.arrayNode());
        JsonNode patched = patch.isEmpty() ? request.object() : JsonPatch.apply(patch, request.object());
        return new Outcome(patch, patched, validator.handle(request.withObject(patched)));
    }

    public VaultServerDefaulter defaulter() {
        return defaulter;
    }

    public VaultServerValidator validator() {
        return validator;
    }
}
