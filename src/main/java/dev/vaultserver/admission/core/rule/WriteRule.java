package dev.vaultserver.admission.core.rule;

import dev.vaultserver.admission.core.finding.Findings;

/**
 * A concern about a write rather than about the object alone: what it changes (the object before an
 * UPDATE) or how it stands with the rest of the cluster (other VaultServers, its Namespace's tenant
 * policy). Like an {@link ObjectRule} it adds everything it finds and never stops the others.
 */
public interface WriteRule {

    /** The rule's stable ID, carried by every finding it makes (listed in docs/rules.md), e.g. {@code dynamodb.capacity}. */
    String id();

    void check(VaultServerWrite write, Findings findings);
}
