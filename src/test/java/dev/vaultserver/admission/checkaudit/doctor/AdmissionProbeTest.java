package dev.vaultserver.admission.checkaudit.doctor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What counts as the probe's bad VaultServer refused by this webhook's rules: the API server's own words. */
class AdmissionProbeTest {

    @Test
    void theWebhooksDenialCountsAndACallThatFailedDoesNot() {
        // As kube-apiserver v1.20.2 answered the probe in the cluster suite.
        assertTrue(AdmissionProbe.refusedByTheRules("admission webhook \"validate.vaultserver-admission.dev\" denied the request:"
                + " VaultServer.kubevault.com \"vaultserver-admission-doctor-probe\" is invalid: spec.backend.dynamodb.readCapacity:"
                + " Invalid value: -5: must be at least 1 (0 or unset means the default, 5)"));
        assertFalse(AdmissionProbe.refusedByTheRules("Internal error occurred: failed calling webhook \"validate.vaultserver-admission.dev\":"
                + " Post \"https://vsa-vaultserver-admission.vault-system.svc:443/validate?timeout=5s\": x509: certificate signed by unknown authority"));
        assertFalse(AdmissionProbe.refusedByTheRules("admission webhook \"validate.vaultserver-admission.dev\" denied the request:"
                + " VaultServer.kubevault.com \"p\" is forbidden: spec.backend.dynamodb.region: tenant policy"), "refused, but not for the readCapacity");
        assertFalse(AdmissionProbe.refusedByTheRules("admission webhook \\\"validate.vaultserver-admission.dev\\\" denied the request:"
                + " spec.backend.dynamodb.readCapacity"), "the escaped form shown to people is not what the API server said");
    }
}
