package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A claim on a data location as a {@code coordination.k8s.io/v1} Lease: named for the location (a hash of its canonical
 * form, since a location does not fit a name), so that creating it is the atomic claim and {@code AlreadyExists}
 * means someone holds it; the location itself and the holder kept in annotations, read back to tell two locations
 * with one hash apart and to name the holder. {@code renewTime} is when the claim was last made or used, and
 * {@code lastUid} the uid of the write that did: once the VaultServer watch has seen that object, the write has landed.
 *
 * @param uid the holder's uid
 * @param lastUid the uid of the write that last made or renewed the claim (empty for a claim adopted for objects that exist)
 */
record LocationLease(EffectiveBackend.Location location, VaultServerIndex.Ref holder, String uid, String lastUid, Instant renewed,
        String resourceVersion) {

    static final String PREFIX = "vaultserver-admission.dev/";
    static final String LABEL = PREFIX + "claim";
    static final String LABEL_VALUE = "table";
    static final String ENDPOINT = PREFIX + "endpoint";
    static final String REGION = PREFIX + "region";
    static final String TABLE = PREFIX + "table";
    static final String HOLDER_NAMESPACE = PREFIX + "holder-namespace";
    static final String HOLDER_NAME = PREFIX + "holder-name";
    static final String HOLDER_UID = PREFIX + "holder-uid";
    static final String LAST_UID = PREFIX + "last-writer-uid";

    /** SHA-256, made once; each name is hashed with a copy of it. */
    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@code table-claim-} and the SHA-256 of the location's canonical form: 76 characters, a valid Lease name for any location. */
    static String name(EffectiveBackend.Location location) {
        String canonical = quoted(location.endpoint()) + "," + quoted(location.region()) + "," + quoted(location.table());
        byte[] hash = sha256().digest(canonical.getBytes(StandardCharsets.UTF_8));
        return "table-claim-" + HexFormat.of().formatHex(hash);
    }

    /** A SHA-256 digest copied from one made once: MessageDigest.getInstance's provider lookup, on every review, was
     * a visible part of a dry run's time (JFR, bench/apiserver.sh). */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be copied", e);
        }
    }

    private static String quoted(String part) {
        return "\"" + part.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A new claim, made now by the write of this holder. */
    static LocationLease of(EffectiveBackend.Location location, VaultServerIndex.Ref holder, String uid) {
        return new LocationLease(location, holder, uid, uid, Instant.now(), null);
    }

    /** The same claim, used now by the write of this uid (the holder stays named). */
    LocationLease renewedBy(String writerUid) {
        return new LocationLease(location, holder, uid, writerUid, Instant.now(), resourceVersion);
    }

    /** The same claim, naming another holder (one that is there). */
    LocationLease heldBy(VaultServerIndex.Ref newHolder, String newUid) {
        return new LocationLease(location, newHolder, newUid, lastUid, renewed, resourceVersion);
    }

    Lease toLease(String namespace) {
        ZonedDateTime time = ZonedDateTime.ofInstant(renewed, ZoneOffset.UTC);
        return new LeaseBuilder()
                .withNewMetadata().withName(name(location)).withNamespace(namespace).withResourceVersion(resourceVersion)
                .withLabels(Map.of(LABEL, LABEL_VALUE, "app.kubernetes.io/managed-by", "vaultserver-admission"))
                .withAnnotations(Map.of(ENDPOINT, location.endpoint(), REGION, location.region(), TABLE, location.table(),
                        HOLDER_NAMESPACE, holder.namespace(), HOLDER_NAME, holder.name(), HOLDER_UID, uid, LAST_UID, lastUid))
                .endMetadata()
                .withNewSpec().withHolderIdentity(holder.toString()).withAcquireTime(time).withRenewTime(time).endSpec()
                .build();
    }

    /** The claim a Lease records, or empty when it is not one of ours (annotations missing). */
    static Optional<LocationLease> of(Lease lease) {
        Map<String, String> a = lease.getMetadata().getAnnotations();
        if (a == null || !a.keySet().containsAll(java.util.List.of(ENDPOINT, REGION, TABLE, HOLDER_NAMESPACE, HOLDER_NAME))) {
            return Optional.empty();
        }
        ZonedDateTime renewTime = lease.getSpec() == null ? null : lease.getSpec().getRenewTime();
        Instant renewed = renewTime != null ? renewTime.toInstant()
                : Instant.parse(lease.getMetadata().getCreationTimestamp() == null ? Instant.EPOCH.toString() : lease.getMetadata().getCreationTimestamp());
        return Optional.of(new LocationLease(new EffectiveBackend.Location(a.get(ENDPOINT), a.get(REGION), a.get(TABLE)),
                new VaultServerIndex.Ref(a.get(HOLDER_NAMESPACE), a.get(HOLDER_NAME)), a.getOrDefault(HOLDER_UID, ""), a.getOrDefault(LAST_UID, ""), renewed,
                lease.getMetadata().getResourceVersion()));
    }
}
