package dev.vaultserver.admission.http;

import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.SSLOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.core.net.impl.KeyStoreHelper;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reload caught between the two files of a renewal (the new certificate with the old key) is read
 * again, never handed to the server; a pair that never belongs together is never served. The pairs are
 * the test certificates of {@code certs/generate.sh}: the serving pair, the CA's own pair, and the
 * serving certificate with the CA's key.
 */
class ServingCertificateReloadTest {

    private static final Path CERTS = Path.of("target/test-certs");

    @Test
    void aPairCaughtMidRenewalIsReadAgainAndTheWholeNewPairIsServed() throws Exception {
        Files files = new Files(store("tls.crt", "ca.key"), store("ca.crt", "ca.key"));
        ServingCertificateReload reload = reload(store("tls.crt", "tls.key"));

        assertTrue(reload.reload(files));

        assertEquals(2, files.reads, "read again after the mismatched pair");
        assertEquals(1, events.size(), "the server was given one new pair");
        assertEquals(leaf("ca.crt"), reload.inUse(), "the renewed certificate is the one in use");
    }

    @Test
    void anUnchangedPairIsNotHandedToTheServerAgain() throws Exception {
        Files files = new Files(store("tls.crt", "tls.key"));
        ServingCertificateReload reload = reload(store("tls.crt", "tls.key"));

        assertFalse(reload.reload(files));

        assertEquals(1, files.reads);
        assertTrue(events.isEmpty());
        assertEquals(leaf("tls.crt"), reload.inUse());
    }

    @Test
    void aKeyThatNeverMatchesIsNeverServed() throws Exception {
        KeyStore wrong = store("tls.crt", "ca.key");
        Files files = new Files(wrong, wrong, wrong, wrong, wrong, wrong, wrong, wrong, wrong, wrong, wrong);
        ServingCertificateReload reload = reload(store("ca.crt", "ca.key"));

        assertFalse(reload.reload(files));

        assertEquals(ServingCertificateReload.READS, files.reads, "read a bounded number of times");
        assertTrue(events.isEmpty(), "the server keeps the pair in use");
        assertEquals(leaf("ca.crt"), reload.inUse());
    }

    @Test
    void aFileMissingMidRenewalIsReadAgain() throws Exception {
        Files files = new Files(null, store("ca.crt", "ca.key"));
        ServingCertificateReload reload = reload(store("tls.crt", "tls.key"));

        assertTrue(reload.reload(files));

        assertEquals(2, files.reads);
        assertEquals(1, events.size());
        assertSame(files, events.get(0).tlsConfiguration());
    }

    @Test
    void theKeyCheckTellsPairsApart() throws Exception {
        assertTrue(pair("tls.crt", "tls.key").belongTogether());
        assertTrue(pair("ca.crt", "ca.key").belongTogether());
        assertFalse(pair("tls.crt", "ca.key").belongTogether());
        assertFalse(pair("ca.crt", "tls.key").belongTogether());
    }

    @Test
    void aStoreWithItsOwnPasswordIsServedUncheckedAsBefore() throws Exception {
        KeyStore renewed = pkcs12(store("ca.crt", "ca.key"), "its-own-password");
        Files files = new Files(renewed);
        ServingCertificateReload reload = reload(store("tls.crt", "tls.key"));

        assertTrue(reload.reload(files), "a renewed PKCS#12 store is handed over, as Quarkus's reload did");
        assertEquals(1, events.size());
        assertEquals(leaf("ca.crt"), reload.inUse(), "its certificate is known (for readiness and the expiry gauge)");
        assertTrue(ServingKeyPair.of(renewed).orElseThrow().key().isEmpty(), "its key is not read without its password");
    }

    // ---- fixtures

    /** The same entry in a PKCS#12 store whose key is guarded by a password of its own. */
    private static KeyStore pkcs12(KeyStore pem, String password) throws Exception {
        String alias = java.util.Collections.list(pem.aliases()).stream().filter(a -> {
            try {
                return pem.isKeyEntry(a);
            } catch (java.security.KeyStoreException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(alias, pem.getKey(alias, KeyStoreHelper.DUMMY_PASSWORD.toCharArray()), password.toCharArray(),
                pem.getCertificateChain(alias));
        return store;
    }

    private final List<CertificateUpdatedEvent> events = new ArrayList<>();

    private ServingCertificateReload reload(KeyStore inUse) throws Exception {
        ServingCertificateReload reload = new ServingCertificateReload();
        reload.updated = new RecordingEvent(events);
        reload.pauseMillis = 1;
        reload.inUse = ServingKeyPair.of(inUse).orElseThrow().certificate();
        return reload;
    }

    private static ServingKeyPair pair(String certificate, String key) throws Exception {
        return ServingKeyPair.of(store(certificate, key)).orElseThrow();
    }

    /** A key store as Vert.x loads a PEM certificate and key (the way the TLS registry does). */
    private static KeyStore store(String certificate, String key) throws Exception {
        return KeyStoreHelper.loadKeyCert(List.of(Buffer.buffer(java.nio.file.Files.readAllBytes(CERTS.resolve(key)))),
                List.of(Buffer.buffer(java.nio.file.Files.readAllBytes(CERTS.resolve(certificate)))));
    }

    private static X509Certificate leaf(String certificate) throws Exception {
        return pair(certificate, certificate.equals("ca.crt") ? "ca.key" : "tls.key").certificate();
    }

    /** The TLS registry's configuration whose files read as the given key stores, one per reload (null: the read fails). */
    private static final class Files implements TlsConfiguration {
        private final Deque<Optional<KeyStore>> contents = new ArrayDeque<>();
        private KeyStore current;
        int reads;

        Files(KeyStore... stores) {
            for (KeyStore store : stores) {
                contents.add(Optional.ofNullable(store));
            }
        }

        @Override
        public boolean reload() {
            reads++;
            Optional<KeyStore> next = contents.removeFirst();
            if (next.isEmpty()) {
                throw new IllegalStateException("tls.key: no such file");
            }
            current = next.get();
            return true;
        }

        @Override
        public KeyStore getKeyStore() {
            return current;
        }

        @Override
        public KeyCertOptions getKeyStoreOptions() {
            return null;
        }

        @Override
        public KeyStore getTrustStore() {
            return null;
        }

        @Override
        public TrustOptions getTrustStoreOptions() {
            return null;
        }

        @Override
        public SSLOptions getSSLOptions() {
            return null;
        }

        @Override
        public SSLContext createSSLContext() {
            return null;
        }

        @Override
        public boolean isTrustAll() {
            return false;
        }

        @Override
        public Optional<String> getHostnameVerificationAlgorithm() {
            return Optional.empty();
        }

        @Override
        public boolean usesSni() {
            return false;
        }
    }

    private record RecordingEvent(List<CertificateUpdatedEvent> fired) implements Event<CertificateUpdatedEvent> {
        @Override
        public void fire(CertificateUpdatedEvent event) {
            fired.add(event);
        }

        @Override
        public <U extends CertificateUpdatedEvent> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends CertificateUpdatedEvent> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<CertificateUpdatedEvent> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends CertificateUpdatedEvent> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends CertificateUpdatedEvent> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
