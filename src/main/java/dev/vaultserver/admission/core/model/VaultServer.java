package dev.vaultserver.admission.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A read-only view of one VaultServer object as raw JSON. Nothing is copied or converted, so no field
 * the webhook does not know is ever lost.
 *
 * @param object the whole object as sent
 * @param version its API version
 * @param namespace the namespace it lives in (from the request, else its metadata, else {@code default})
 */
public record VaultServer(JsonNode object, VaultServerVersion version, String namespace) {

    public String name() {
        return object.path("metadata").path("name").asText("");
    }

    /** {@code spec.backend}, or a missing node. */
    public JsonNode backend() {
        return object.path("spec").path("backend");
    }

    /** The value of {@code spec.backend.dynamodb} as sent: missing, null, an object or anything else. */
    public JsonNode dynamoDbNode() {
        return backend().path("dynamodb");
    }

    /** {@code spec.backend.dynamodb} when it is an object: the DynamoDB rules apply only then. */
    public Optional<ObjectNode> dynamoDb() {
        JsonNode node = dynamoDbNode();
        return node.isObject() ? Optional.of((ObjectNode) node) : Optional.empty();
    }

    /** The value of one DynamoDB field, or a missing node. */
    public JsonNode dynamoDb(DynamoDbField field) {
        return dynamoDbNode().path(field.jsonName());
    }

    /** A DynamoDB string field when it is a non-empty string (empty means "unset"). */
    public Optional<String> dynamoDbText(DynamoDbField field) {
        JsonNode value = dynamoDb(field);
        return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** {@code spec.replicas} when it is an integer. */
    public OptionalLong replicas() {
        return JsonType.asLong(object.path("spec").path("replicas"));
    }
}
