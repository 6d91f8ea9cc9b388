package dev.vaultserver.admission.core.guard;

import dev.vaultserver.admission.core.Fixtures;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** KubeVault's promise: a VaultServer with terminationPolicy DoNotTerminate is not deleted; any other policy is. */
class TerminationPolicyRuleTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"v1alpha1,DoNotTerminate,true", "v1alpha2,DoNotTerminate,true", "v1alpha2,Halt,false", "v1alpha2,Delete,false",
            "v1alpha1,WipeOut,false", "v1alpha2,,false", "v1alpha2,doNotTerminate,false"})
    void doNotTerminateRefusesTheDeleteAndSaysHowToProceed(String version, String policy, boolean refused) {
        String spec = "{'backend': {'dynamodb': {}}" + (policy == null ? "" : ", 'terminationPolicy': '" + policy + "'") + "}";
        Findings findings = new Findings();
        new TerminationPolicyRule().check(Fixtures.withSpec(VaultServerVersion.of(version).orElseThrow(), spec), findings);
        assertEquals(refused ? List.of("spec.terminationPolicy: Forbidden: terminationPolicy DoNotTerminate protects this VaultServer from deletion:"
                + " change it to Halt, Delete or WipeOut first, then delete it (kubectl patch vaultserver vault -n demo --type=merge -p"
                + " '{\"spec\":{\"terminationPolicy\":\"Delete\"}}')") : List.of(),
                findings.refusals().stream().map(FieldError::toString).toList());
        assertEquals(List.of(), findings.errors(), "a refusal (403), the object is not invalid");
    }
}
