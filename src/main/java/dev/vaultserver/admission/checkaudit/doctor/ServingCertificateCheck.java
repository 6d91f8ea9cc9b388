package dev.vaultserver.admission.checkaudit.doctor;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The certificate the webhook serves (its Secret's {@code tls.crt}) is one the API server accepts: each webhook's
 * {@code caBundle} verifies it, its names cover the Service's DNS name ({@code <service>.<namespace>.svc}), and it is
 * valid for at least {@value #MIN_DAYS} more days.
 */
final class ServingCertificateCheck implements InstallationCheck {

    static final String SECRET = "tls.secret";
    static final String CA_BUNDLE = "tls.ca-bundle";
    static final String NAMES = "tls.names";
    static final String EXPIRY = "tls.expiry";
    static final int MIN_DAYS = 14;

    private final Instant now;

    ServingCertificateCheck(Instant now) {
        this.now = now;
    }

    @Override
    public List<String> ids() {
        return List.of(SECRET, CA_BUNDLE, NAMES, EXPIRY);
    }

    @Override
    public List<DoctorFinding> check(Installation installation) {
        List<DoctorFinding> findings = new ArrayList<>();
        var secret = installation.servingSecret();
        String subject = "Secret " + installation.namespace() + "/" + (secret == null ? "?" : secret.getMetadata().getName());
        String pem = secret == null || secret.getData() == null ? null : secret.getData().get("tls.crt");
        List<X509Certificate> served = pem == null ? List.of() : certificates(Base64.getDecoder().decode(pem));
        if (served.isEmpty()) {
            findings.add(DoctorFinding.error(SECRET, subject, secret == null ? "the Deployment mounts no serving certificate Secret, or it does not exist"
                    : "the Secret holds no readable certificate in tls.crt", "certificates.mode generate (the chart's default) or a kubernetes.io/tls Secret"));
            return findings;
        }
        X509Certificate certificate = served.get(0);
        Webhooks.present(installation, (webhookSubject, webhook) -> {
            WebhookClientConfig config = webhook.clientConfig();
            byte[] bundle = config == null || config.getCaBundle() == null ? new byte[0] : Base64.getDecoder().decode(config.getCaBundle());
            if (certificates(bundle).stream().noneMatch(ca -> signs(ca, certificate))) {
                findings.add(DoctorFinding.error(CA_BUNDLE, webhookSubject, "the caBundle of " + webhook.name() + " does not verify the certificate in "
                                + subject + " (issued by " + certificate.getIssuerX500Principal().getName() + "): the API server cannot call the webhook",
                        "set the caBundle to the CA that issued the serving certificate (helm upgrade puts it back in modes generate and secret;"
                                + " cert-manager's CA injector in mode certManager)"));
            }
        });
        if (installation.service() != null) {
            String host = installation.service().getMetadata().getName() + "." + installation.namespace() + ".svc";
            List<String> names = dnsNames(certificate);
            if (!names.contains(host)) {
                findings.add(DoctorFinding.error(NAMES, subject, "the serving certificate names " + names + ", not " + host
                        + ", the name the API server calls", "a certificate with the DNS name " + host));
            }
        }
        Duration left = Duration.between(now, certificate.getNotAfter().toInstant());
        if (left.toDays() < MIN_DAYS) {
            findings.add(DoctorFinding.error(EXPIRY, subject, left.isNegative() ? "the serving certificate expired on " + certificate.getNotAfter().toInstant()
                            : "the serving certificate expires in " + left.toDays() + " days (" + certificate.getNotAfter().toInstant() + ")",
                    "renew it: helm upgrade renews a generated one; renew the Secret in mode secret"));
        }
        return findings;
    }

    static List<X509Certificate> certificates(byte[] pem) {
        try {
            Collection<? extends java.security.cert.Certificate> read = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem));
            return read.stream().map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException | RuntimeException e) {
            return List.of();
        }
    }

    private static boolean signs(X509Certificate ca, X509Certificate certificate) {
        try {
            certificate.verify(ca.getPublicKey());
            return ca.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static List<String> dnsNames(X509Certificate certificate) {
        try {
            var names = certificate.getSubjectAlternativeNames();
            return names == null ? List.of() : names.stream().filter(n -> Integer.valueOf(2).equals(n.get(0))).map(n -> String.valueOf(n.get(1))).toList();
        } catch (GeneralSecurityException e) {
            return List.of();
        }
    }
}
