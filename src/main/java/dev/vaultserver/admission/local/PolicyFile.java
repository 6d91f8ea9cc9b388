package dev.vaultserver.admission.local;

import dev.vaultserver.admission.core.lookup.LookupException;
import dev.vaultserver.admission.core.lookup.ReadinessSource;
import dev.vaultserver.admission.core.policy.PolicyException;
import dev.vaultserver.admission.core.policy.PolicyReader;
import dev.vaultserver.admission.core.policy.PolicyRule;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.core.policy.TenantPolicy;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tenant policy from a file, reloaded when it changes without a restart. Each review looks at the
 * file's attributes (one {@code stat}: its inode, size and modification time, through symlinks, so the
 * kubelet's atomic swap of a mounted ConfigMap is seen) and reads it again only when they changed;
 * so the next review after a change sees it. A file that does not parse or has a mistake is refused
 * with one log line listing every problem, and the last good policy stays in force. No file: no
 * tenant rules, unless the policy is required (the chart: a ConfigMap is configured), where a missing file is
 * refused like a broken one. A refused file with no good one before it fails closed (and readiness says so).
 */
public final class PolicyFile implements PolicySource, ReadinessSource {

    private static final Logger LOG = Logger.getLogger(PolicyFile.class);

    /** What is in force, and which version of the file was last looked at. */
    private record State(Object fingerprint, TenantPolicy policy, String refusal, Instant loadedAt) {
    }

    private final Path path;
    private final boolean required;
    private final AtomicLong refusedLoads = new AtomicLong();
    private volatile State state = new State(null, null, "not read yet", null);

    /** A policy file that may be absent (no tenant rules then). */
    public PolicyFile(Path path) {
        this(path, false);
    }

    /** @param required whether a missing file is refused (a policy was configured, so its absence is a fault, not "no rules") */
    public PolicyFile(Path path, boolean required) {
        this.path = path;
        this.required = required;
    }

    public Path path() {
        return path;
    }

    @Override
    public TenantPolicy current() throws LookupException {
        State seen = state;
        Object fingerprint = fingerprint();
        if (!Objects.equals(fingerprint, seen.fingerprint())) {
            seen = reload(fingerprint);
        }
        if (seen.policy() == null) {
            throw new LookupException("the tenant policy file " + path + " is invalid and no earlier version was loaded: " + seen.refusal());
        }
        return seen.policy();
    }

    /** Whether a policy (or the absence of a file) is in force: false only while the file is broken and nothing good came before. */
    public boolean usable() {
        try {
            current();
            return true;
        } catch (LookupException e) {
            return false;
        }
    }

    @Override
    public String readinessName() {
        return "policy";
    }

    @Override
    public boolean ready() {
        return usable();
    }

    /** The number of rules in force, or -1 while no policy is. */
    public int rulesInForce() {
        TenantPolicy policy = state.policy();
        return policy == null ? -1 : policy.rules().size();
    }

    /** How many times a changed file was refused. */
    public long refusedLoads() {
        return refusedLoads.get();
    }

    private synchronized State reload(Object fingerprint) {
        State previous = state;
        if (Objects.equals(fingerprint, previous.fingerprint())) {
            return previous; // another review reloaded it meanwhile
        }
        State next;
        if (fingerprint == ABSENT && required) {
            next = refused(previous, fingerprint, path + ": the file is missing (a tenant policy is configured: its absence is not \"no rules\")");
        } else if (fingerprint == ABSENT) {
            if (previous.fingerprint() != null || previous.policy() == null) {
                LOG.infof("No tenant policy file at %s: no tenant rules", path);
            }
            next = new State(ABSENT, TenantPolicy.NONE, null, Instant.now());
        } else {
            try {
                TenantPolicy policy = PolicyReader.read(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
                LOG.infof("Tenant policy %s loaded: %d rule(s) %s", path, policy.rules().size(), policy.rules().stream().map(PolicyRule::name).toList());
                policy.warnings().forEach(w -> LOG.warnf("Tenant policy %s: %s", path, w));
                next = new State(fingerprint, policy, null, Instant.now());
            } catch (PolicyException | IOException | RuntimeException e) {
                next = refused(previous, fingerprint, e instanceof PolicyException ? e.getMessage() : path + ": " + e);
            }
        }
        state = next;
        return next;
    }

    /** A file that is not taken: the last good policy stays in force, or, with none before it, writes fail closed. */
    private State refused(State previous, Object fingerprint, String why) {
        refusedLoads.incrementAndGet();
        if (previous.policy() != null) {
            LOG.errorf("Tenant policy refused, the policy loaded at %s stays in force: %s", previous.loadedAt(), why);
        } else {
            LOG.errorf("Tenant policy refused, and no earlier policy was loaded: VaultServer writes fail closed until it is fixed: %s", why);
        }
        return new State(fingerprint, previous.policy(), why, previous.loadedAt());
    }

    private static final Object ABSENT = new Object();

    private record Fingerprint(Object fileKey, long size, long modifiedNanos) {
    }

    private Object fingerprint() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new Fingerprint(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
        } catch (NoSuchFileException e) {
            return ABSENT;
        } catch (IOException e) {
            return new Fingerprint("unreadable: " + e.getMessage(), -1, -1);
        }
    }
}
