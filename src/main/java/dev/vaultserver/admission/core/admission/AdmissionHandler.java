package dev.vaultserver.admission.core.admission;

/** Decides one admission request. Implementations know nothing of HTTP or of the wire format. */
public interface AdmissionHandler {

    AdmissionDecision handle(AdmissionAttributes request);
}
