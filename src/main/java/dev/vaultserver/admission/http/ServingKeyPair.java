package dev.vaultserver.admission.http;

import io.vertx.core.net.impl.KeyStoreHelper;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The serving certificate and its private key as loaded into a key store, and whether they belong
 * together: the key signs a challenge that the certificate's public key verifies (RSA, EC, EdDSA).
 * A pair that does not belong together fails every TLS handshake ("Invalid CertificateVerify signature").
 *
 * @param key empty when the store guards it with a password of its own (PKCS#12, JKS): such a pair is not checked
 */
record ServingKeyPair(X509Certificate certificate, Optional<PrivateKey> key) {

    private static final byte[] CHALLENGE = "vaultserver-admission serving key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The password Vert.x gives the entries of the store it loads PEM files into. */
    private static final char[] PEM_STORE_PASSWORD = KeyStoreHelper.DUMMY_PASSWORD.toCharArray();

    /** The first key entry of the store with an X.509 certificate; empty when there is none (or no store). */
    static Optional<ServingKeyPair> of(KeyStore store) {
        try {
            for (String alias : store == null ? List.<String>of() : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate certificate) {
                    return Optional.of(new ServingKeyPair(certificate, key(store, alias)));
                }
            }
        } catch (KeyStoreException e) {
            // not loaded: nothing to serve
        }
        return Optional.empty();
    }

    private static Optional<PrivateKey> key(KeyStore store, String alias) {
        try {
            return store.getKey(alias, PEM_STORE_PASSWORD) instanceof PrivateKey key ? Optional.of(key) : Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * False also when the key cannot sign or the certificate cannot verify; true for a key this cannot check
     * (guarded by the store's own password, or of another type).
     */
    boolean belongTogether() {
        if (key.isEmpty()) {
            return true;
        }
        PrivateKey key = this.key.get();
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
