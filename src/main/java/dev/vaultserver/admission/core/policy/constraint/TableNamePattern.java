package dev.vaultserver.admission.core.policy.constraint;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServer;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code tableNamePattern}: the effective table must match a pattern in which {@code {namespace}}
 * stands for the VaultServer's namespace and {@code *} for any characters, e.g. {@code {namespace}-*}.
 * Everything else is literal.
 */
public record TableNamePattern(String pattern) implements PolicyConstraint {

    public static final String NAMESPACE = "{namespace}";

    @Override
    public void check(VaultServer vaultServer, EffectiveBackend backend, List<FieldError> violations) {
        EffectiveBackend.Setting table = backend.table();
        if (!table.known()) {
            return;
        }
        String expected = pattern.replace(NAMESPACE, vaultServer.namespace());
        if (!regex(expected).matcher(table.value()).matches()) {
            violations.add(FieldError.invalid(table.field(), TextNode.valueOf(table.value()),
                    "must match " + expected + (expected.equals(pattern) ? "" : " (" + pattern + ")")
                            + (table.source() == EffectiveBackend.Source.DEFAULT ? "; the default table is shared, set one" : "")));
        }
    }

    static Pattern regex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String literal : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString());
    }
}
