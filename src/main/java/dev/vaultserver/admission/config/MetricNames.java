package dev.vaultserver.admission.config;

import java.util.List;

/**
 * Every metric of ours, by name, in one place: the code that registers each and the tests that check the chart's
 * alerts and dashboard query only these use them. Prometheus sees them with its suffixes ({@code _seconds_count},
 * {@code _total}).
 */
public final class MetricNames {

    /** Timer: each review answered, by endpoint, operation, verdict and AdmissionReview version. */
    public static final String REVIEWS = "vaultserver_admission_reviews";
    /** Gauge: when the serving certificate in use expires (seconds since the epoch). */
    public static final String CERTIFICATE_EXPIRY = "vaultserver_admission_certificate_expiry_seconds";
    /** Timer: each table claim written to the API server. */
    public static final String TABLE_CLAIM = "vaultserver_admission_table_claim";
    /** Counter: Secret lookups, by cache hit or miss. */
    public static final String SECRET_LOOKUPS = "vaultserver_admission_secret_lookups";
    /** Gauge: VaultServers the rules deny, per namespace (the periodic audit). */
    public static final String AUDIT_VIOLATIONS = "vaultserver_admission_audit_violations";
    /** Gauge: table claims held. */
    public static final String TABLE_CLAIMS = "vaultserver_admission_table_claims";
    /** Gauge: data locations more than one namespace's VaultServers use. */
    public static final String SHARED_TABLES = "vaultserver_admission_shared_tables";
    /** Counter: claims released (holder deleted or moved, orphan). */
    public static final String TABLE_CLAIMS_RELEASED = "vaultserver_admission_table_claims_released";
    /** Counter: claims adopted (a VaultServer created while no webhook claimed). */
    public static final String TABLE_CLAIMS_ADOPTED = "vaultserver_admission_table_claims_adopted";
    /** Gauge: tenant policy rules in force. */
    public static final String POLICY_RULES = "vaultserver_admission_policy_rules";
    /** Counter: tenant policy files refused (the last good policy stays). */
    public static final String POLICY_REFUSED_LOADS = "vaultserver_admission_policy_refused_loads";

    /** Gauge: 1 while this replica leads the periodic audit (one replica audits at a time), else 0. */
    public static final String AUDIT_LEADER = "vaultserver_admission_audit_leader";
    /** Gauge: 1 when the last audit could not write its OpenReports because the Report CRD is not installed, else 0. */
    public static final String REPORTS_CRD_MISSING = "vaultserver_admission_reports_crd_missing";

    public static final List<String> ALL = List.of(REVIEWS, CERTIFICATE_EXPIRY, TABLE_CLAIM, SECRET_LOOKUPS, AUDIT_VIOLATIONS, TABLE_CLAIMS,
            SHARED_TABLES, TABLE_CLAIMS_RELEASED, TABLE_CLAIMS_ADOPTED, POLICY_RULES, POLICY_REFUSED_LOADS, AUDIT_LEADER, REPORTS_CRD_MISSING);

    private MetricNames() {
    }
}
