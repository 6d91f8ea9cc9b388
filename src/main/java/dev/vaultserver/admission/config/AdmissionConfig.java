package dev.vaultserver.admission.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The service's own settings, under {@code vaultserver-admission.*} (or {@code VAULTSERVER_ADMISSION_*}). */
@ConfigMapping(prefix = "vaultserver-admission")
public interface AdmissionConfig {

    Secrets secrets();

    Audit audit();

    Policy policy();

    Cluster cluster();

    Log log();

    Http http();

    Tls tls();

    Claims claims();

    interface Claims {
        /**
         * Where the claims on tables are kept, as Leases (the chart sets the release's namespace); unset: the Kubernetes
         * client's namespace (in a Pod, its own).
         */
        java.util.Optional<String> namespace();

        /** A claim no VaultServer uses is released only once it is this old: its write may still be on its way to storage. */
        @WithDefault("30s")
        java.time.Duration grace();

        /** How often the claims are compared with the VaultServers that exist (and a second after each change seen). */
        @WithDefault("10s")
        java.time.Duration sweepInterval();

        /** The longest a review may wait for the API server to settle a claim; then the write fails closed, retryably. */
        @WithDefault("3s")
        java.time.Duration budget();
    }

    interface Tls {
        /**
         * How often the serving certificate and key files are read again; a renewed pair is served without a
         * restart (see {@code http/ServingCertificateReload}).
         */
        @WithDefault("30s")
        java.time.Duration reloadPeriod();
    }

    interface Http {
        /**
         * How long a request's body may take to arrive before it is answered 408 and its stream or connection
         * ended: the API server sends a review in milliseconds; a client trickling a body is cut off.
         */
        @WithDefault("10s")
        java.time.Duration bodyDeadline();
    }

    interface Log {
        /** One JSON object per console line (see {@code logging/JsonConsoleLogging}). */
        @WithDefault("false")
        boolean json();
    }

    interface Cluster {
        /** How long to wait before discovering the VaultServer API versions again when the API server or the CRD is not there. */
        @WithDefault("10s")
        java.time.Duration discoveryRetry();
    }

    interface Policy {
        /**
         * The tenant policy file (YAML), reloaded when it changes; unset or absent: no tenant rules.
         * The chart mounts it from a ConfigMap.
         */
        java.util.Optional<String> file();

        /**
         * Whether a policy is configured, so that a missing file is refused (readiness down at start, the last good
         * policy kept while running) rather than read as "no tenant rules". The chart sets it.
         */
        @WithDefault("false")
        boolean required();
    }

    interface Audit {
        /** How often the service audits every VaultServer it can see; unset (the default) turns the periodic audit off. */
        java.util.Optional<java.time.Duration> interval();

        /** Audit only this namespace; unset: all namespaces. */
        java.util.Optional<String> namespace();

        /**
         * With several replicas one audits at a time: the one that holds this Lease, in the claims' namespace (the
         * release's). Another takes over when the leader stops renewing it.
         */
        @WithDefault("vaultserver-admission-audit")
        String leaseName();

        /** How long a leader's Lease holds without renewal before another replica takes it. */
        @WithDefault("15s")
        java.time.Duration leaseDuration();

        Reports reports();

        interface Reports {
            /** Write each audit's findings as OpenReports: one Report per namespace with VaultServers. Needs the CRDs. */
            @WithDefault("false")
            boolean enabled();

            /** The most results one Report holds; its summary counts them all. */
            @WithDefault("1000")
            int maxResults();
        }
    }

    interface Secrets {
        /** {@code auto}, {@code kubernetes} or {@code directory}: see {@link SecretSource}. */
        @WithDefault("auto")
        SecretSource source();

        /** The folder of Secret manifests used when no cluster is configured. */
        @WithDefault("local-secrets")
        String directory();

        /** With the API server: keep a watch-backed cache of Secret key names (needs list/watch on Secrets). */
        @WithDefault("true")
        boolean cache();
    }
}
