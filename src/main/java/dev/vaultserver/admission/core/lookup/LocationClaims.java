package dev.vaultserver.admission.core.lookup;

import dev.vaultserver.admission.core.model.EffectiveBackend;

/**
 * Claims on data locations, one namespace per location, held where every replica of the webhook sees them at
 * once (the API server). Claiming is atomic: of two claimants of one free location at the same instant, exactly
 * one gets it. The claim belongs to the claimant's namespace; other VaultServers of that namespace may share it.
 */
public interface LocationClaims {

    /**
     * Who holds the location: the claimant when it was free and is now claimed for it (or, in a dry run, would be),
     * else the VaultServer recorded as its holder. A holder in the claimant's namespace means the claimant may use it.
     *
     * @param claimant the VaultServer being written
     * @param uid its uid, as the validating webhook sees it (empty when not known)
     * @param dryRun read only: nothing is written, the answer is the same
     * @throws LookupException when the claim could be neither made nor read (the write then fails closed, retryably)
     */
    VaultServerIndex.Ref claim(EffectiveBackend.Location location, VaultServerIndex.Ref claimant, String uid, boolean dryRun) throws LookupException;

    /** No cluster: nothing is claimed and every location is free ({@code check}, {@code audit}: read-only). */
    LocationClaims NONE = (location, claimant, uid, dryRun) -> claimant;
}
