package dev.vaultserver.floor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The floor: parse the AdmissionReview, answer allowed with its uid in its version; {@code /mutate} adds the
 * same four-operation patch the service returns for the bench's review. No rules, no metrics.
 */
@Path("/")
@Singleton
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class FloorResource {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final String PATCH = Base64.getEncoder().encodeToString(("[{\"op\":\"add\",\"path\":\"/spec/backend/dynamodb/haEnabled\",\"value\":false},"
            + "{\"op\":\"add\",\"path\":\"/spec/backend/dynamodb/readCapacity\",\"value\":5},"
            + "{\"op\":\"add\",\"path\":\"/spec/backend/dynamodb/writeCapacity\",\"value\":5},"
            + "{\"op\":\"add\",\"path\":\"/spec/backend/dynamodb/maxParallel\",\"value\":128}]").getBytes(StandardCharsets.UTF_8));

    @POST
    @Path("mutate")
    public Response mutate(byte[] body) throws IOException {
        ObjectNode answer = allowed(JSON.readTree(body));
        ((ObjectNode) answer.path("response")).put("patchType", "JSONPatch").put("patch", PATCH);
        return Response.ok(answer).build();
    }

    @POST
    @Path("validate")
    public Response validate(byte[] body) throws IOException {
        return Response.ok(allowed(JSON.readTree(body))).build();
    }

    private static ObjectNode allowed(JsonNode review) {
        ObjectNode answer = JSON.createObjectNode().put("apiVersion", review.path("apiVersion").asText()).put("kind", "AdmissionReview");
        answer.putObject("response").put("uid", review.path("request").path("uid").asText()).put("allowed", true);
        return answer;
    }
}
