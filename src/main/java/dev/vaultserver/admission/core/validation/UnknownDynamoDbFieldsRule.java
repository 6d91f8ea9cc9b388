package dev.vaultserver.admission.core.validation;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.DynamoDbField;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.rule.ObjectRule;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A field under {@code spec.backend.dynamodb} that this object's version does not have is pruned by the
 * API server and never reaches Vault: a typo such as {@code readCapcity} silently loses a setting. Such
 * a field gets a warning that names it, with the field that was probably meant.
 */
public final class UnknownDynamoDbFieldsRule implements ObjectRule {

    public static final String ID = "dynamodb.unknown-fields";

    @Override
    public String id() {
        return ID;
    }

    private static final LevenshteinDistance CLOSE = new LevenshteinDistance(2);
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** What to use instead of a field of the other version. */
    private static final Map<DynamoDbField, String> OTHER_VERSION_HINT = Map.of(
            DynamoDbField.CREDENTIAL_SECRET, "use credentialSecretRef: {name: ...} in v1alpha2",
            DynamoDbField.SESSION_TOKEN_SECRET, "in v1alpha2 session_token is read from the credentialSecretRef Secret",
            DynamoDbField.CREDENTIAL_SECRET_REF, "use credentialSecret: <name> in v1alpha1");

    @Override
    public void check(VaultServer vaultServer, Findings findings) {
        vaultServer.dynamoDb().ifPresent(dynamoDb -> dynamoDb.fieldNames().forEachRemaining(name -> {
            Optional<DynamoDbField> known = DynamoDbField.named(name);
            VaultServerVersion version = vaultServer.version();
            if (known.isPresent() && known.get().existsIn(version)) {
                return;
            }
            String field = DynamoDbField.PATH + "." + (PLAIN_NAME.matcher(name).matches() ? name : TextNode.valueOf(shortened(name)).toString());
            String hint = known.map(OTHER_VERSION_HINT::get)
                    .or(() -> closest(name, version).map(f -> "did you mean \"" + f.jsonName() + "\"?"))
                    .map(h -> "; " + h)
                    .orElse("");
            findings.warning(field, "unknown field in " + version.apiVersion()
                    + ": the API server drops it and Vault never sees it" + hint);
        }));
    }

    private static Optional<DynamoDbField> closest(String name, VaultServerVersion version) {
        return Arrays.stream(DynamoDbField.values())
                .filter(f -> f.existsIn(version))
                .filter(f -> f.jsonName().equalsIgnoreCase(name) || CLOSE.apply(f.jsonName(), name) >= 0)
                .findFirst();
    }

    private static String shortened(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "...";
    }
}
