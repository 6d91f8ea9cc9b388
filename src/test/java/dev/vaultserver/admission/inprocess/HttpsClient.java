package dev.vaultserver.admission.inprocess;

import io.restassured.RestAssured;
import io.restassured.config.SSLConfig;
import io.restassured.specification.RequestSpecification;
import dev.vaultserver.admission.testing.Tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

/**
 * REST Assured over HTTPS that trusts exactly the test CA made by {@code certs/generate.sh} (no
 * relaxed validation: the server's certificate and host name are really checked).
 */
final class HttpsClient {

    static final Path TEST_CA = Path.of("target/test-certs/ca.crt");

    private HttpsClient() {
    }

    static RequestSpecification to(URL base) {
        return RestAssured.given()
                .baseUri(base.toString())
                .config(RestAssured.config().sslConfig(SSLConfig.sslConfig().trustStore(Tls.trustStore(TEST_CA))));
    }

    /** POSTs a JSON body and returns the 200 answer. */
    static com.fasterxml.jackson.databind.JsonNode postJson(URL base, String path, String body) {
        return to(base).contentType("application/json").body(body).post(path).then().statusCode(200).extract()
                .as(com.fasterxml.jackson.databind.JsonNode.class);
    }

    /** An SSLContext trusting only the test CA, for clients REST Assured cannot stand in for (HTTP/2, chunked bodies). */
    static javax.net.ssl.SSLContext sslContext() {
        return Tls.trusting(TEST_CA);
    }
}
