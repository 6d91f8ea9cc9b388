package dev.vaultserver.admission.http;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;

/**
 * The serving certificate and its private key as loaded into a key store, and whether they belong
 * together: the key signs a challenge that the certificate's public key verifies (RSA, EC, EdDSA).
 * A pair that does not belong together fails every TLS handshake ("Invalid CertificateVerify signature").
 */
record ServingKeyPair(X509Certificate certificate, PrivateKey key) {

    private static final byte[] CHALLENGE = "vaultserver-admission serving key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The first key entry of the store with an X.509 leaf; empty when there is none. PEM files are loaded by
     * Vert.x into a store whose entries carry {@code password}.
     */
    static Optional<ServingKeyPair> of(KeyStore store, char[] password) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias) && store.getKey(alias, password) instanceof PrivateKey key
                    && store.getCertificate(alias) instanceof X509Certificate certificate) {
                return Optional.of(new ServingKeyPair(certificate, key));
            }
        }
        return Optional.empty();
    }

    /** False also when the key cannot sign or the certificate cannot verify; true for a key type this cannot check. */
    boolean belongTogether() {
        PublicKey publicKey = certificate.getPublicKey();
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(CHALLENGE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(CHALLENGE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
