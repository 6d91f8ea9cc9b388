package dev.vaultserver.admission.core.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.core.field.ErrorType;
import dev.vaultserver.admission.core.field.FieldError;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The core's answer to one admission request, before it is written in any wire format.
 *
 * @param allowed whether the request may go on
 * @param warnings warnings for the client (on allowed and denied answers alike)
 * @param patch an RFC 6902 JSON patch to apply, or {@code null} for none
 * @param denial why it was refused, or {@code null} when allowed
 */
public record AdmissionDecision(boolean allowed, List<String> warnings, ArrayNode patch, Denial denial) {

    public AdmissionDecision {
        warnings = List.copyOf(warnings);
        if (patch != null && patch.isEmpty()) {
            patch = null;
        }
    }

    public static AdmissionDecision allow(List<String> warnings) {
        return new AdmissionDecision(true, warnings, null, null);
    }

    public static AdmissionDecision allowWithPatch(ArrayNode patch, List<String> warnings) {
        return new AdmissionDecision(true, warnings, patch, null);
    }

    public static AdmissionDecision deny(Denial denial, List<String> warnings) {
        return new AdmissionDecision(false, warnings, null, denial);
    }

    public Optional<ArrayNode> patchIfAny() {
        return Optional.ofNullable(patch);
    }

    /**
     * A refusal in the API server's terms: the HTTP-like {@code code} and {@code reason} of the
     * {@code Status}, its message, and one cause per field error.
     */
    public record Denial(int code, String reason, String message, String group, String kind, String name, List<FieldError> causes) {

        /** Longest name a Kubernetes object has: a longer one (from a client that is not the API server) is cut. */
        static final int MAX_NAME = 253;

        public Denial {
            causes = List.copyOf(causes);
            name = name == null ? "" : Echo.line(name, MAX_NAME);
        }

        /**
         * The denial for field errors, worded as the API server words its own: {@code 422 Invalid},
         * {@code VaultServer.kubevault.com "vault" is invalid: [a: ..., b: ...]}. When every error is
         * an internal one (a Secret that could not be looked up) the object itself is not known to be
         * wrong: the answer is then {@code 500 InternalError}, which clients treat as retryable.
         */
        public static Denial of(String group, String kind, String name, List<FieldError> errors) {
            return of(group, kind, name, errors, List.of());
        }

        /**
         * The denial for errors and refusals. An invalid object is {@code 422 Invalid} (with the
         * refusals among its causes too, so that every problem is shown at once); a valid object that
         * a policy refuses is {@code 403 Forbidden}, {@code VaultServer.kubevault.com "vault" is
         * forbidden: ...}; lookups that failed alone are {@code 500 InternalError}.
         */
        public static Denial of(String group, String kind, String name, List<FieldError> errors, List<FieldError> refusals) {
            String qualified = kind + "." + group + " " + Echo.quoted(name);
            boolean invalid = errors.stream().anyMatch(e -> e.type() != ErrorType.INTERNAL);
            List<FieldError> all = new java.util.ArrayList<>(errors);
            all.addAll(refusals);
            if (invalid) {
                return new Denial(422, "Invalid", qualified + " is invalid: " + joined(all), group, kind, name, all);
            }
            if (!refusals.isEmpty()) {
                // Lookup failures stay among the causes: the write may be refused for them as well.
                List<FieldError> forbidden = new java.util.ArrayList<>(refusals);
                forbidden.addAll(errors);
                return new Denial(403, "Forbidden", qualified + " is forbidden: " + joined(forbidden), group, kind, name, forbidden);
            }
            return new Denial(500, "InternalError", qualified + " could not be validated: " + joined(all), group, kind, name, all);
        }

        /** A request the webhook could not judge: {@code 500 InternalError}, which clients may retry. */
        public static Denial internal(String group, String kind, String name, String message) {
            return new Denial(500, "InternalError", message, group, kind, name, List.of());
        }

        private static String joined(List<FieldError> errors) {
            return errors.size() == 1
                    ? errors.get(0).toString()
                    : errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
        }
    }
}
