package dev.vaultserver.admission.core;

import dev.vaultserver.admission.core.guard.BackendChangeRule;
import dev.vaultserver.admission.core.guard.BackendCollisionRule;
import dev.vaultserver.admission.core.guard.CapacityChangeRule;
import dev.vaultserver.admission.core.guard.TerminationPolicyRule;
import dev.vaultserver.admission.core.guard.TableClaimRule;
import dev.vaultserver.admission.core.lookup.ClusterView;
import dev.vaultserver.admission.core.lookup.SecretLookup;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.core.policy.TenantPolicyRule;
import dev.vaultserver.admission.core.rule.ObjectRule;
import dev.vaultserver.admission.core.rule.VaultServerValidator;
import dev.vaultserver.admission.core.validation.CapacityRule;
import dev.vaultserver.admission.core.validation.CredentialSecretsRule;
import dev.vaultserver.admission.core.validation.DynamoDbFieldTypesRule;
import dev.vaultserver.admission.core.guard.EndpointRegionRule;
import dev.vaultserver.admission.core.validation.EndpointRule;
import dev.vaultserver.admission.core.validation.HclSafeStringsRule;
import dev.vaultserver.admission.core.validation.HighAvailabilityRule;
import dev.vaultserver.admission.core.validation.RegionRule;
import dev.vaultserver.admission.core.validation.SingleBackendRule;
import dev.vaultserver.admission.core.validation.TableNameRule;
import dev.vaultserver.admission.core.validation.UnknownDynamoDbFieldsRule;

import java.util.List;

/**
 * The webhook's rules, assembled in one place: the object rules ({@code validation/}), then the rules about
 * the write: the endpoint's region, update safety and shared tables ({@code guard/}), the tenant policy
 * ({@code policy/}), and last the claim on the table ({@code guard/TableClaimRule}); and the rules about deleting one
 * ({@code guard/TerminationPolicyRule}). A new rule is added here, in the order its findings are reported.
 */
public final class StandardRules {

    private StandardRules() {
    }

    /** The object rules and the update guard, with Secrets from this lookup and nothing else known of the cluster. */
    public static VaultServerValidator validator(SecretLookup secrets) {
        return validator(ClusterView.secretsOnly(secrets), PolicySource.NONE);
    }

    /** All the rules of this webhook, in the order their findings are reported. */
    public static VaultServerValidator validator(ClusterView cluster, PolicySource policy) {
        return new VaultServerValidator(objectRules(cluster), List.of(
                new EndpointRegionRule(),
                new BackendChangeRule(),
                new CapacityChangeRule(),
                new BackendCollisionRule(cluster.vaultServers(), cluster.access()),
                new TenantPolicyRule(policy, cluster.namespaces()),
                // Last: only a write every other rule allows claims its table.
                new TableClaimRule(cluster.claims(), cluster.access())),
                List.of(new TerminationPolicyRule()));
    }

    private static List<ObjectRule> objectRules(ClusterView cluster) {
        SecretLookup secrets = cluster.secrets();
        return List.of(
                new SingleBackendRule(),
                new DynamoDbFieldTypesRule(),
                new HclSafeStringsRule(),
                new TableNameRule(),
                new RegionRule(),
                new EndpointRule(),
                new CapacityRule(),
                new HighAvailabilityRule(),
                new CredentialSecretsRule(secrets),
                new UnknownDynamoDbFieldsRule());
    }
}
