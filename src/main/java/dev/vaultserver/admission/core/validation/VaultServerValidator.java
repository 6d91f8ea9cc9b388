package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.AdmissionAttributes;
import dev.vaultserver.admission.core.AdmissionDecision;
import dev.vaultserver.admission.core.AdmissionHandler;
import dev.vaultserver.admission.core.field.Findings;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.secrets.SecretLookup;

import java.util.List;

/**
 * The validating webhook's decision: runs every {@link ValidationRule} on a VaultServer being created
 * or updated, merges their errors and warnings, and denies when any rule found an error. Anything
 * else (other kinds, DELETE, CONNECT, subresources) is allowed untouched.
 */
public final class VaultServerValidator implements AdmissionHandler {

    private final List<ValidationRule> rules;

    public VaultServerValidator(List<ValidationRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** All the rules of this webhook, in the order their findings are reported. */
    public static VaultServerValidator withStandardRules(SecretLookup secrets) {
        return new VaultServerValidator(List.of(
                new SingleBackendRule(),
                new DynamoDbFieldTypesRule(),
                new HclSafeStringsRule(),
                new TableNameRule(),
                new RegionRule(),
                new EndpointRule(),
                new CapacityRule(),
                new HighAvailabilityRule(),
                new CredentialSecretsRule(secrets),
                new UnknownDynamoDbFieldsRule()));
    }

    @Override
    public AdmissionDecision handle(AdmissionAttributes request) {
        if (!request.writesVaultServer()) {
            return AdmissionDecision.allow(List.of());
        }
        return request.vaultServer()
                .map(this::decide)
                .orElseGet(() -> AdmissionDecision.allow(List.of("apiVersion: " + VaultServerVersion.GROUP + "/" + request.version()
                        + " is not a VaultServer version this webhook knows (v1alpha1, v1alpha2): the object was not checked")));
    }

    /** Every finding of every rule about one VaultServer. */
    public Findings validate(VaultServer vaultServer) {
        Findings findings = new Findings();
        for (ValidationRule rule : rules) {
            rule.check(vaultServer, findings);
        }
        return findings;
    }

    private AdmissionDecision decide(VaultServer vaultServer) {
        Findings findings = validate(vaultServer);
        if (!findings.hasErrors()) {
            return AdmissionDecision.allow(findings.warnings());
        }
        return AdmissionDecision.deny(AdmissionDecision.Denial.of(VaultServerVersion.GROUP, VaultServerVersion.KIND,
                vaultServer.name(), findings.errors()), findings.warnings());
    }
}
