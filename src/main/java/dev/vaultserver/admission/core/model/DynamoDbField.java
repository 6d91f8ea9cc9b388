package dev.vaultserver.admission.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The fields of {@code spec.backend.dynamodb}: their JSON type, the versions that have them and the
 * documented default (see {@code shared/reference/vaultserver-dynamodb.md}, section 2).
 */
public enum DynamoDbField {
    TABLE("table", JsonType.STRING, text("vault-dynamodb-backend")),
    REGION("region", JsonType.STRING, text("us-east-1")),
    ENDPOINT("endpoint", JsonType.STRING, null),
    HA_ENABLED("haEnabled", JsonType.BOOLEAN, JsonNodeFactory.instance.booleanNode(false)),
    READ_CAPACITY("readCapacity", JsonType.INTEGER, number(5)),
    WRITE_CAPACITY("writeCapacity", JsonType.INTEGER, number(5)),
    MAX_PARALLEL("maxParallel", JsonType.INTEGER, number(128)),
    CREDENTIAL_SECRET("credentialSecret", JsonType.STRING, null, VaultServerVersion.V1ALPHA1),
    SESSION_TOKEN_SECRET("sessionTokenSecret", JsonType.STRING, null, VaultServerVersion.V1ALPHA1),
    CREDENTIAL_SECRET_REF("credentialSecretRef", JsonType.OBJECT, null, VaultServerVersion.V1ALPHA2);

    /** Where the DynamoDB backend sits in a VaultServer. */
    public static final String PATH = "spec.backend.dynamodb";

    private final String jsonName;
    private final JsonType type;
    private final JsonNode defaultValue;
    private final Set<VaultServerVersion> versions;

    DynamoDbField(String jsonName, JsonType type, JsonNode defaultValue, VaultServerVersion... versions) {
        this.jsonName = jsonName;
        this.type = type;
        this.defaultValue = defaultValue;
        this.versions = versions.length == 0 ? EnumSet.allOf(VaultServerVersion.class) : EnumSet.of(versions[0], versions);
    }

    public String jsonName() {
        return jsonName;
    }

    public JsonType type() {
        return type;
    }

    /** The full field path, e.g. {@code spec.backend.dynamodb.table}. */
    public String path() {
        return PATH + "." + jsonName;
    }

    /** The documented default, if the field has one. */
    public Optional<JsonNode> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public boolean existsIn(VaultServerVersion version) {
        return versions.contains(version);
    }

    public static Optional<DynamoDbField> named(String jsonName) {
        for (DynamoDbField f : values()) {
            if (f.jsonName.equals(jsonName)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static JsonNode text(String s) {
        return JsonNodeFactory.instance.textNode(s);
    }

    private static JsonNode number(long n) {
        return JsonNodeFactory.instance.numberNode(n);
    }
}
