package dev.vaultserver.admission.core.policy.constraint;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServer;

/**
 * {@code tableNamePattern}: the effective table must match a pattern in which {@code {namespace}}
 * stands for the VaultServer's namespace and {@code *} for any characters, e.g. {@code {namespace}-*}.
 * Everything else is literal.
 */
public record TableNamePattern(String pattern) implements PolicyConstraint {

    public static final String NAMESPACE = "{namespace}";

    @Override
    public void check(PolicySubject subject, Findings findings) {
        EffectiveBackend.Setting table = subject.backend().table();
        if (!table.known()) {
            return;
        }
        String expected = pattern.replace(NAMESPACE, subject.vaultServer().namespace());
        if (!globMatches(expected, table.value())) {
            findings.error(FieldError.invalid(table.field(), TextNode.valueOf(table.value()),
                    "must match " + Echo.bare(expected) + (expected.equals(pattern) ? "" : " (" + pattern + ")")
                            + (table.source() == EffectiveBackend.Source.DEFAULT ? "; the default table is shared, set one" : "")));
        }
    }

    /**
     * Why a pattern lets one tenant take another's names, if it does: {@code {namespace}} followed by a character a
     * namespace's name can hold ({@code -}, a letter or digit, or {@code *}), so that namespace {@code team} matches the
     * tables of namespace {@code team-a}. A {@code .} after it is safe: no namespace's name contains one.
     */
    public static java.util.Optional<String> squattable(String pattern) {
        int at = pattern.indexOf(NAMESPACE);
        while (at >= 0) {
            int after = at + NAMESPACE.length();
            if (after < pattern.length()) {
                char next = pattern.charAt(after);
                if (next == '-' || next == '*' || Character.isLetterOrDigit(next)) {
                    String example = pattern.replace(NAMESPACE, "team-a").replace("*", "prod");
                    return java.util.Optional.of(Echo.quoted(pattern) + " lets namespace \"team\" take the tables of namespace \"team-a\" (such as "
                            + Echo.quoted(example) + "): namespaces' names may contain \"-\"; write \"" + NAMESPACE + ".\" instead,"
                            + " since no namespace's name contains \".\"");
                }
            }
            at = pattern.indexOf(NAMESPACE, after);
        }
        return java.util.Optional.empty();
    }

    /** Whether {@code text} matches {@code glob}, where {@code *} is any characters and the rest literal (no regex built per review). */
    static boolean globMatches(String glob, String text) {
        String[] literals = glob.split("\\*", -1);
        if (literals.length == 1) {
            return glob.equals(text);
        }
        String first = literals[0];
        String last = literals[literals.length - 1];
        if (text.length() < first.length() + last.length() || !text.startsWith(first) || !text.endsWith(last)) {
            return false;
        }
        int at = first.length();
        int end = text.length() - last.length();
        for (int i = 1; i < literals.length - 1; i++) {
            int found = text.indexOf(literals[i], at);
            if (found < 0 || found + literals[i].length() > end) {
                return false;
            }
            at = found + literals[i].length();
        }
        return true;
    }
}
