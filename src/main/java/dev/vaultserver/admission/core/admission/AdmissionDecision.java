package dev.vaultserver.admission.core.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.core.field.ErrorType;
import dev.vaultserver.admission.core.finding.Finding;
import dev.vaultserver.admission.core.finding.Findings;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The core's answer to one admission request, before it is written in any wire format: every renderer (the webhook's
 * answer, {@code check}, {@code audit}) reads its typed findings, none parses what another wrote.
 *
 * @param allowed whether the request may go on
 * @param findings what the rules found: the errors and refusals a denial is made of, and the warnings for the client
 *                 (on allowed and denied answers alike)
 * @param patch an RFC 6902 JSON patch to apply, or {@code null} for none
 * @param denial why it was refused, or {@code null} when allowed
 */
public record AdmissionDecision(boolean allowed, List<Finding> findings, ArrayNode patch, Denial denial) {

    public AdmissionDecision {
        findings = List.copyOf(findings);
        if (patch != null && patch.isEmpty()) {
            patch = null;
        }
    }

    /** Allowed, with nothing found. */
    public static AdmissionDecision allow() {
        return new AdmissionDecision(true, List.of(), null, null);
    }

    /** Allowed, with warnings. */
    public static AdmissionDecision allow(List<Finding> warnings) {
        return new AdmissionDecision(true, warnings, null, null);
    }

    public static AdmissionDecision allowWithPatch(ArrayNode patch) {
        return new AdmissionDecision(true, List.of(), patch, null);
    }

    public static AdmissionDecision deny(Denial denial, List<Finding> findings) {
        return new AdmissionDecision(false, findings, null, denial);
    }

    /** Allowed with its warnings when nothing was found against it; else denied, with a denial worded from the errors and refusals. */
    public static AdmissionDecision of(String group, String kind, String name, Findings findings) {
        if (!findings.hasErrors()) {
            return allow(findings.all());
        }
        List<Finding> all = findings.all();
        return deny(Denial.of(group, kind, name, ofKind(all, Finding.Kind.ERROR), ofKind(all, Finding.Kind.REFUSAL)), all);
    }

    /**
     * The findings a denial is made of, in the order of its causes ({@link Denial#of}): empty when allowed, or when
     * denied for no rule's finding (a review the webhook could not judge).
     */
    public List<Finding> causes() {
        return denial == null ? List.of() : denial.causes();
    }

    private static List<Finding> ofKind(List<Finding> findings, Finding.Kind kind) {
        return findings.stream().filter(f -> f.kind() == kind).toList();
    }

    /** The warnings as the client gets them, {@code <field>: <message>}. */
    public List<String> warnings() {
        return findings.stream().filter(f -> f.kind() == Finding.Kind.WARNING).map(Finding::text).toList();
    }

    public Optional<ArrayNode> patchIfAny() {
        return Optional.ofNullable(patch);
    }

    /**
     * A refusal in the API server's terms: the HTTP-like {@code code} and {@code reason} of the
     * {@code Status}, its message, and the findings that are its causes, in their order.
     */
    public record Denial(int code, String reason, String message, String group, String kind, String name, List<Finding> causes) {

        /** Longest name a Kubernetes object has: a longer one (from a client that is not the API server) is cut. */
        static final int MAX_NAME = 253;

        public Denial {
            causes = List.copyOf(causes);
            name = name == null ? "" : Echo.line(name, MAX_NAME);
        }

        /**
         * The denial for errors and refusals, worded as the API server words its own: {@code 422 Invalid},
         * {@code VaultServer.kubevault.com "vault" is invalid: [a: ..., b: ...]}. An invalid object is {@code 422 Invalid} (with the
         * refusals among its causes too, so that every problem is shown at once); a valid object that
         * a policy refuses is {@code 403 Forbidden}, {@code VaultServer.kubevault.com "vault" is
         * forbidden: ...}; lookups that failed alone are {@code 500 InternalError}.
         */
        public static Denial of(String group, String kind, String name, List<Finding> errors, List<Finding> refusals) {
            String qualified = kind + "." + group + " " + Echo.quoted(name);
            boolean invalid = errors.stream().anyMatch(e -> e.type() != ErrorType.INTERNAL);
            List<Finding> causes = inCauseOrder(errors, refusals, invalid);
            if (invalid) {
                return new Denial(422, "Invalid", qualified + " is invalid: " + joined(causes), group, kind, name, causes);
            }
            if (!refusals.isEmpty()) {
                return new Denial(403, "Forbidden", qualified + " is forbidden: " + joined(causes), group, kind, name, causes);
            }
            return new Denial(500, "InternalError", qualified + " could not be validated: " + joined(causes), group, kind, name, causes);
        }

        /**
         * An invalid object's causes are its errors, then the refusals; a valid one's the refusals first, then the lookups
         * that failed (they stay among the causes: the write may be refused for them as well).
         */
        private static List<Finding> inCauseOrder(List<Finding> errors, List<Finding> refusals, boolean invalid) {
            List<Finding> causes = new java.util.ArrayList<>(invalid ? errors : refusals);
            causes.addAll(invalid ? refusals : errors);
            return List.copyOf(causes);
        }

        /** A request the webhook could not judge: {@code 500 InternalError}, which clients may retry. */
        public static Denial internal(String group, String kind, String name, String message) {
            return new Denial(500, "InternalError", message, group, kind, name, List.of());
        }

        private static String joined(List<Finding> causes) {
            return causes.size() == 1
                    ? causes.get(0).text()
                    : causes.stream().map(Finding::text).collect(Collectors.joining(", ", "[", "]"));
        }
    }
}
