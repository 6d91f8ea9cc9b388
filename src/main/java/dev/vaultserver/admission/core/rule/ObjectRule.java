package dev.vaultserver.admission.core.rule;

import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.VaultServer;

/**
 * A rule about the object alone (one class per concern in {@code core/validation}). It adds every error and
 * warning it finds and never stops the others: {@link VaultServerValidator} runs all of them and merges what
 * they found.
 */
public interface ObjectRule {

    /** The rule's stable ID, carried by every finding it makes (listed in docs/rules.md), e.g. {@code dynamodb.capacity}. */
    String id();

    void check(VaultServer vaultServer, Findings findings);
}
