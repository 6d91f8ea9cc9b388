package dev.vaultserver.admission.core.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.lookup.SecretKeys;
import dev.vaultserver.admission.core.lookup.SecretLookup;
import dev.vaultserver.admission.core.lookup.SecretLookupException;
import dev.vaultserver.admission.core.model.DynamoDbField;
import dev.vaultserver.admission.core.model.ResourceNames;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.rule.ObjectRule;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Secrets that hold the AWS credentials exist in the VaultServer's namespace and hold non-empty
 * keys: the operator wires them into the Vault container as required {@code secretKeyRef}s, so a
 * missing Secret or key leaves the pod in CreateContainerConfigError, and only one of the access /
 * secret key pair makes Vault refuse to start.
 * <ul>
 * <li>v1alpha1: {@code credentialSecret} needs {@code access_key} and {@code secret_key};
 * {@code sessionTokenSecret} needs {@code session_token} and gets a warning (conversion to v1alpha2
 * drops it).</li>
 * <li>v1alpha2: {@code credentialSecretRef.name} needs {@code access_key} and {@code secret_key}
 * ({@code session_token} is optional).</li>
 * <li>No credentials: allowed, with a warning that Vault uses the node's AWS credential chain.</li>
 * </ul>
 * A Secret that cannot be looked up denies the request with the reason. Messages name Secrets and keys,
 * never values.
 */
public final class CredentialSecretsRule implements ObjectRule {

    public static final String ID = "credentials.secret";

    @Override
    public String id() {
        return ID;
    }

    public static final String ACCESS_KEY = "access_key";
    public static final String SECRET_KEY = "secret_key";
    public static final String SESSION_TOKEN = "session_token";
    private static final List<String> KEY_PAIR = List.of(ACCESS_KEY, SECRET_KEY);

    private final SecretLookup secrets;

    public CredentialSecretsRule(SecretLookup secrets) {
        this.secrets = secrets;
    }

    @Override
    public void check(VaultServer vaultServer, Findings findings) {
        if (vaultServer.dynamoDb().isEmpty()) {
            return;
        }
        switch (vaultServer.version()) {
            case V1ALPHA1 -> checkV1alpha1(vaultServer, findings);
            case V1ALPHA2 -> checkV1alpha2(vaultServer, findings);
        }
    }

    private void checkV1alpha1(VaultServer vaultServer, Findings findings) {
        Optional<String> credentials = vaultServer.dynamoDbText(DynamoDbField.CREDENTIAL_SECRET);
        Optional<String> sessionToken = vaultServer.dynamoDbText(DynamoDbField.SESSION_TOKEN_SECRET);
        credentials.ifPresentOrElse(
                name -> requireKeys(vaultServer, DynamoDbField.CREDENTIAL_SECRET.path(), name, KEY_PAIR, findings),
                () -> warnNodeCredentials(findings));
        sessionToken.ifPresent(name -> {
            requireKeys(vaultServer, DynamoDbField.SESSION_TOKEN_SECRET.path(), name, List.of(SESSION_TOKEN), findings);
            findings.warning(DynamoDbField.SESSION_TOKEN_SECRET.path(), "is dropped when the object is converted to"
                    + " kubevault.com/v1alpha2 (the stored version); put session_token into the credentialSecret Secret instead");
        });
    }

    private void checkV1alpha2(VaultServer vaultServer, Findings findings) {
        JsonNode ref = vaultServer.dynamoDb(DynamoDbField.CREDENTIAL_SECRET_REF);
        if (!ref.isObject()) {
            if (ref.isMissingNode() || ref.isNull()) {
                warnNodeCredentials(findings);
            }
            return; // of the wrong type: DynamoDbFieldTypesRule reports it
        }
        String field = DynamoDbField.CREDENTIAL_SECRET_REF.path() + ".name";
        JsonNode name = ref.path("name");
        if (name.isTextual() && !name.asText().isEmpty()) {
            requireKeys(vaultServer, field, name.asText(), KEY_PAIR, findings);
        } else if (name.isMissingNode() || name.isNull() || name.isTextual()) {
            findings.error(FieldError.required(field, "the name of a Secret holding access_key and secret_key;"
                    + " remove credentialSecretRef to use the node's AWS credential chain instead"));
        }
    }

    /** namespace/name of the Secret, as a message shows it (made only for a message: it costs a JSON escape). */
    private static String qualified(VaultServer vaultServer, String secretName) {
        return Echo.bare(vaultServer.namespace()) + "/" + secretName;
    }

    private static void warnNodeCredentials(Findings findings) {
        findings.warning(DynamoDbField.PATH, "no AWS credentials Secret is set: Vault will use the node's AWS credential chain"
                + " (environment, instance profile, web identity)");
    }

    private void requireKeys(VaultServer vaultServer, String field, String secretName, List<String> keys, Findings findings) {
        Optional<String> badName = ResourceNames.dns1123SubdomainProblem(secretName);
        if (badName.isPresent()) {
            findings.error(FieldError.invalid(field, secretName, badName.get()));
            return;
        }
        Optional<SecretKeys> found;
        try {
            found = secrets.find(vaultServer.namespace(), secretName, Set.copyOf(keys));
        } catch (SecretLookupException e) {
            findings.error(FieldError.internal(field, "Secret \"" + qualified(vaultServer, secretName) + "\" could not be verified: " + e.getMessage()));
            return;
        }
        if (found.isEmpty()) {
            findings.error(FieldError.notFound(field, TextNode.valueOf(secretName),
                    "no Secret \"" + secretName + "\" in namespace " + Echo.quoted(vaultServer.namespace())
                            + " (the Vault pod would stay in CreateContainerConfigError)"));
            return;
        }
        List<String> missing = keys.stream().filter(k -> !found.get().has(k)).toList();
        if (!missing.isEmpty()) {
            // The missing keys are named, never the keys the Secret holds: the webhook tells no one what is in a Secret.
            // Only a key whose name differs from a missing one by case or separator is pointed out.
            String nearMiss = missing.stream().flatMap(k -> nearMiss(k, found.get()).map(n -> n + " is there, not " + k).stream())
                    .collect(Collectors.joining("; "));
            String why = keys.size() > 1 ? "; Vault needs both " + String.join(" and ", keys) : "";
            findings.error(FieldError.invalid(field, secretName, "Secret \"" + qualified(vaultServer, secretName) + "\" has no non-empty "
                    + String.join(" or ", missing) + (nearMiss.isEmpty() ? "" : " (" + nearMiss + ")") + why));
        }
    }

    /** A non-empty key of the Secret whose name is the wanted one but for case, {@code -} or {@code _}: {@code Secret-Key}. */
    private static Optional<String> nearMiss(String wanted, SecretKeys keys) {
        String plain = loose(wanted);
        return keys.nonEmptyKeys().stream().filter(k -> !k.equals(wanted) && loose(k).equals(plain)).sorted().findFirst().map(Echo::quoted);
    }

    private static String loose(String key) {
        return key.toLowerCase(java.util.Locale.ROOT).replace("-", "").replace("_", "");
    }
}
