package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.Fixtures;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.kubernetes.KubernetesSecretLookup;
import dev.vaultserver.admission.kubernetes.UnreachableApiServer;
import dev.vaultserver.admission.local.DirectorySecretLookup;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.vaultserver.admission.core.validation.RuleCase.dynamoDb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Secrets come from the manifests in {@code src/test/resources/secrets}, read by the real directory lookup. */
public class CredentialSecretsRuleTest {

    public static final Path SECRETS = Path.of("src/test/resources/secrets");
    private static final CredentialSecretsRule RULE = new CredentialSecretsRule(new DirectorySecretLookup(SECRETS));

    private static final String NODE_CHAIN = "spec.backend.dynamodb: no AWS credentials Secret is set: Vault will use the node's AWS credential chain";
    private static final String DROPPED = "spec.backend.dynamodb.sessionTokenSecret: is dropped when the object is converted to kubevault.com/v1alpha2";
    private static final String V1 = "spec.backend.dynamodb.credentialSecret: ";
    private static final String V2 = "spec.backend.dynamodb.credentialSecretRef.name: ";
    private static final String CCE = " (the Vault pod would stay in CreateContainerConfigError)";

    static Stream<Arguments> v1alpha1() {
        return RuleCase.forVersions(List.of(VaultServerVersion.V1ALPHA1),
                dynamoDb("no credentials", "{}").warnings(NODE_CHAIN),
                dynamoDb("empty name means none", "{'credentialSecret': ''}").warnings(NODE_CHAIN),
                dynamoDb("stringData Secret", "{'credentialSecret': 'aws-credentials'}"),
                dynamoDb("base64 data Secret", "{'credentialSecret': 'aws-base64'}"),
                dynamoDb("namespace-less manifest is found in any namespace", "{'credentialSecret': 'shared-credentials'}"),
                dynamoDb("missing Secret", "{'credentialSecret': 'nope'}")
                        .errors(V1 + "Not found: \"nope\": no Secret \"nope\" in namespace \"demo\"" + CCE),
                dynamoDb("a Secret of another namespace is not found", "{'credentialSecret': 'other-namespace-only'}")
                        .errors(V1 + "Not found: \"other-namespace-only\": no Secret \"other-namespace-only\" in namespace \"demo\"" + CCE),
                dynamoDb("a ConfigMap is no Secret", "{'credentialSecret': 'not-a-secret'}")
                        .errors(V1 + "Not found: \"not-a-secret\": no Secret \"not-a-secret\" in namespace \"demo\"" + CCE),
                dynamoDb("only the access key", "{'credentialSecret': 'only-access-key'}")
                        .errors(V1 + "Invalid value: \"only-access-key\": Secret \"demo/only-access-key\" has no non-empty secret_key"
                                + "; Vault needs both access_key and secret_key"),
                dynamoDb("an empty secret key counts as missing", "{'credentialSecret': 'empty-secret-key'}")
                        .errors(V1 + "Invalid value: \"empty-secret-key\": Secret \"demo/empty-secret-key\" has no non-empty secret_key"
                                + "; Vault needs both access_key and secret_key"),
                dynamoDb("an empty Secret", "{'credentialSecret': 'empty'}")
                        .errors(V1 + "Invalid value: \"empty\": Secret \"demo/empty\" has no non-empty access_key or secret_key"
                                + "; Vault needs both access_key and secret_key"),
                dynamoDb("not a DNS-1123 name", "{'credentialSecret': 'AWS_Creds'}")
                        .errors(V1 + "Invalid value: \"AWS_Creds\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                                + " characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
                                + " regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
                dynamoDb("a name over 253 characters", "{'credentialSecret': '" + "a".repeat(254) + "'}")
                        .errors(V1 + "Invalid value: \"" + "a".repeat(119) + "...(136 more characters): must be no more than 253 characters"),
                dynamoDb("session token Secret", "{'credentialSecret': 'aws-credentials', 'sessionTokenSecret': 'session-token'}")
                        .warnings(DROPPED),
                dynamoDb("session token key missing",
                        "{'credentialSecret': 'aws-credentials', 'sessionTokenSecret': 'aws-credentials'}")
                        .errors("spec.backend.dynamodb.sessionTokenSecret: Invalid value: \"aws-credentials\": Secret \"demo/aws-credentials\""
                                + " has no non-empty session_token")
                        .warnings(DROPPED),
                dynamoDb("session token without credentials", "{'sessionTokenSecret': 'session-token'}").warnings(NODE_CHAIN, DROPPED),
                dynamoDb("both Secrets missing", "{'credentialSecret': 'a', 'sessionTokenSecret': 'b'}")
                        .errors(V1 + "Not found: \"a\": no Secret \"a\" in namespace \"demo\"" + CCE,
                                "spec.backend.dynamodb.sessionTokenSecret: Not found: \"b\": no Secret \"b\" in namespace \"demo\"" + CCE)
                        .warnings(DROPPED),
                dynamoDb("v1alpha2's field is not read in v1alpha1", "{'credentialSecretRef': {'name': 'nope'}}").warnings(NODE_CHAIN));
    }

    static Stream<Arguments> v1alpha2() {
        return RuleCase.forVersions(List.of(VaultServerVersion.V1ALPHA2),
                dynamoDb("no credentials", "{}").warnings(NODE_CHAIN),
                dynamoDb("credentialSecretRef null", "{'credentialSecretRef': null}").warnings(NODE_CHAIN),
                dynamoDb("stringData Secret", "{'credentialSecretRef': {'name': 'aws-credentials'}}"),
                dynamoDb("base64 Secret with a session token", "{'credentialSecretRef': {'name': 'aws-base64'}}"),
                dynamoDb("missing Secret", "{'credentialSecretRef': {'name': 'nope'}}")
                        .errors(V2 + "Not found: \"nope\": no Secret \"nope\" in namespace \"demo\"" + CCE),
                dynamoDb("only the access key", "{'credentialSecretRef': {'name': 'only-access-key'}}")
                        .errors(V2 + "Invalid value: \"only-access-key\": Secret \"demo/only-access-key\" has no non-empty secret_key"
                                + "; Vault needs both access_key and secret_key"),
                dynamoDb("a session token alone is not credentials", "{'credentialSecretRef': {'name': 'session-token'}}")
                        .errors(V2 + "Invalid value: \"session-token\": Secret \"demo/session-token\" has no non-empty access_key or secret_key"
                                + "; Vault needs both access_key and secret_key"),
                dynamoDb("a near miss is pointed out, no other key is named", "{'credentialSecretRef': {'name': 'near-miss'}}")
                        .errors(V2 + "Invalid value: \"near-miss\": Secret \"demo/near-miss\" has no non-empty secret_key"
                                + " (\"SECRET-KEY\" is there, not secret_key); Vault needs both access_key and secret_key"),
                dynamoDb("no name", "{'credentialSecretRef': {}}")
                        .errors(V2 + "Required value: the name of a Secret holding access_key and secret_key;"
                                + " remove credentialSecretRef to use the node's AWS credential chain instead"),
                dynamoDb("empty name", "{'credentialSecretRef': {'name': ''}}")
                        .errors(V2 + "Required value: the name of a Secret holding access_key and secret_key;"
                                + " remove credentialSecretRef to use the node's AWS credential chain instead"),
                dynamoDb("name of the wrong type is the type rule's", "{'credentialSecretRef': {'name': 5}}"),
                dynamoDb("credentialSecretRef of the wrong type is the type rule's", "{'credentialSecretRef': 'aws-credentials'}"),
                dynamoDb("v1alpha1's fields are not read in v1alpha2", "{'credentialSecret': 'nope', 'sessionTokenSecret': 'nope'}")
                        .warnings(NODE_CHAIN));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource({"v1alpha1", "v1alpha2"})
    void checksCredentialSecrets(VaultServerVersion version, RuleCase row) {
        row.assertFindings(RULE, version);
    }

    @Test
    void unreachableApiServerDeniesWithTheReason() {
        try (KubernetesClient client = UnreachableApiServer.client()) {
            CredentialSecretsRule rule = new CredentialSecretsRule(new KubernetesSecretLookup(client));
            for (VaultServerVersion version : VaultServerVersion.values()) {
                String ref = version == VaultServerVersion.V1ALPHA1 ? "'credentialSecret': 'aws'" : "'credentialSecretRef': {'name': 'aws'}";
                Findings findings = Fixtures.check(rule, Fixtures.withDynamoDb(version, "{" + ref + "}"));
                String field = version == VaultServerVersion.V1ALPHA1 ? V1 : V2;
                assertEquals(1, findings.errors().size(), findings.errors().toString());
                String error = findings.errors().get(0).toString();
                assertTrue(error.startsWith(field + "Internal error: Secret \"demo/aws\" could not be verified:"
                        + " the API server could not be reached ("), error);
                assertTrue(error.contains("Connect"), "names the connection failure: " + error);
            }
        }
    }

    @Test
    void noSecretValueAppearsInAnyFinding() {
        List<String> names = List.of("aws-credentials", "aws-base64", "only-access-key", "empty-secret-key", "session-token", "shared-credentials");
        for (String name : names) {
            for (String session : names) {
                Findings findings = Fixtures.check(RULE, Fixtures.withDynamoDb(VaultServerVersion.V1ALPHA1,
                        "{'credentialSecret': '" + name + "', 'sessionTokenSecret': '" + session + "'}"));
                String all = String.join("\n", Fixtures.errors(findings)) + String.join("\n", findings.warnings());
                assertFalse(all.contains("CANARY"), all);
            }
        }
    }
}
