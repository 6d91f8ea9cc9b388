package dev.vaultserver.admission.core.rule;

import dev.vaultserver.admission.core.field.Findings;
import dev.vaultserver.admission.core.model.VaultServer;

/**
 * One concern of validation. A rule looks at the object, adds every error and warning it finds, and
 * never stops the others: {@link VaultServerValidator} runs all of them and merges what they found.
 */
public interface ValidationRule {

    void check(VaultServer vaultServer, Findings findings);
}
