package dev.vaultserver.admission.webhook;

import dev.vaultserver.admission.core.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdmissionReviewDecoderTest {

    private static final AdmissionReviewDecoder DECODER = new AdmissionReviewDecoder(Fixtures.JSON);
    private static final String KIND = "'kind': {'group': 'kubevault.com', 'version': 'v1alpha2', 'kind': 'VaultServer'}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', emptyValue = "", textBlock = """
            empty body                 | ""                                                                    | request body is empty: expected an AdmissionReview
            not JSON                   | nope                                                                  | request body is not valid JSON: Unrecognized token 'nope'
            truncated JSON             | "{'apiVersion': "                                                     | request body is not valid JSON:
            a JSON list                | [1]                                                                   | request body must be a JSON object: an AdmissionReview
            a JSON string              | "'review'"                                                            | request body must be a JSON object: an AdmissionReview
            no apiVersion              | "{'kind': 'AdmissionReview'}"                                        | apiVersion must be admission.k8s.io/v1 or admission.k8s.io/v1beta1, not missing
            wrong apiVersion           | "{'apiVersion': 'admission.k8s.io/v2', 'kind': 'AdmissionReview'}"  | apiVersion must be admission.k8s.io/v1 or admission.k8s.io/v1beta1, not "admission.k8s.io/v2"
            apiVersion a number        | "{'apiVersion': 1, 'kind': 'AdmissionReview'}"                      | apiVersion must be admission.k8s.io/v1 or admission.k8s.io/v1beta1, not 1
            wrong kind                 | "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'Pod'}"              | kind must be AdmissionReview, not "Pod"
            no request                 | "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview'}"  | AdmissionReview has no request object
            request a string           | "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview', 'request': 'x'}" | AdmissionReview has no request object
            no uid                     | "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview', 'request': {'operation': 'CREATE'}}" | request.uid must be a non-empty string
            empty uid                  | "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview', 'request': {'uid': ''}}" | request.uid must be a non-empty string
            uid a number               | "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview', 'request': {'uid': 7}}" | request.uid must be a non-empty string
            no operation               | "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview', 'request': {'uid': 'u'}}" | request.operation must be a non-empty string
            no kind                    | "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview', 'request': {'uid': 'u', 'operation': 'CREATE'}}" | request.kind must be an object with string group, version and kind
            kind without version       | "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview', 'request': {'uid': 'u', 'operation': 'CREATE', 'kind': {'kind': 'X'}}}" | request.kind must be an object with string group, version and kind
            object a list              | "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview', 'request': {'uid': 'u', 'operation': 'CREATE', KIND, 'object': []}}" | request.object must be a JSON object
            oldObject a string         | "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview', 'request': {'uid': 'u', 'operation': 'UPDATE', KIND, 'oldObject': 's'}}" | request.oldObject must be a JSON object
            dryRun a string            | "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview', 'request': {'uid': 'u', 'operation': 'CREATE', KIND, 'dryRun': 'yes'}}" | request.dryRun must be a boolean
            namespace a number         | "{'apiVersion': 'admission.k8s.io/v1', 'kind': 'AdmissionReview', 'request': {'uid': 'u', 'operation': 'CREATE', KIND, 'namespace': 5}}" | request.namespace must be a string
            """)
    void refusesWhatIsNotAnAdmissionReview(String name, String body, String message) {
        byte[] bytes = body.replace("KIND", KIND).getBytes(StandardCharsets.UTF_8);
        MalformedReviewException e = assertThrows(MalformedReviewException.class, () -> DECODER.decode(bytes));
        assertTrue(e.getMessage().startsWith(message.strip()), e.getMessage());
    }

    @Test
    void deeplyNestedJsonIsRefusedNotACrash() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        MalformedReviewException e = assertThrows(MalformedReviewException.class, () -> DECODER.decode(deep.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("request body is not valid JSON: Document nesting depth"), e.getMessage());
    }

    @Test
    void decodesBothVersions() throws MalformedReviewException {
        for (String version : new String[] {"admission.k8s.io/v1", "admission.k8s.io/v1beta1"}) {
            ReviewRequest request = DECODER.decode(("{'apiVersion': '" + version + "', 'kind': 'AdmissionReview', 'request': {'uid': 'u-1',"
                    + " 'operation': 'UPDATE', " + KIND + ", 'subResource': 'status', 'namespace': 'demo', 'name': 'vault',"
                    + " 'object': {'a': 1}, 'oldObject': {'b': 2}, 'dryRun': true}}").getBytes(StandardCharsets.UTF_8));
            assertEquals(version, request.apiVersion());
            assertEquals("u-1", request.uid());
            assertEquals("vault", request.name());
            assertEquals("UPDATE", request.attributes().operation());
            assertEquals("kubevault.com", request.attributes().group());
            assertEquals("v1alpha2", request.attributes().version());
            assertEquals("VaultServer", request.attributes().kind());
            assertEquals("status", request.attributes().subResource());
            assertEquals("demo", request.attributes().namespace());
            assertEquals(1, request.attributes().object().path("a").asInt());
            assertEquals(2, request.attributes().oldObject().path("b").asInt());
            assertTrue(request.attributes().dryRun());
        }
    }
}
