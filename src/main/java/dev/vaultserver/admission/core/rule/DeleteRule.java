package dev.vaultserver.admission.core.rule;

import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.VaultServer;

/**
 * A concern about deleting a VaultServer, judged on the object as it is stored ({@code oldObject}: a DELETE has no new
 * object). Like every rule it adds what it finds and never stops the others.
 */
public interface DeleteRule {

    /** The rule's stable ID, carried by every finding it makes (listed in docs/rules.md), e.g. {@code dynamodb.capacity}. */
    String id();

    void check(VaultServer stored, Findings findings);
}
