package dev.vaultserver.floor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The floor: parse the AdmissionReview, answer allowed with its uid in its version; {@code /mutate} adds the
 * same four-operation patch the service returns for the bench's review. With {@code floor.claims-namespace} set
 * (bench/apiserver.sh), {@code /validate} also makes, for a create that is not a dry run, the one API write the
 * service's shared-table guard cannot do without: a Lease create of the same shape, through the same client
 * (fabric8's, from quarkus-kubernetes-client). No rules, no metrics.
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

    /** Only when {@code floor.claims-namespace} is set. */
    @Inject
    Instance<KubernetesClient> client;

    @ConfigProperty(name = "floor.claims-namespace")
    Optional<String> claimsNamespace;

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
        JsonNode review = JSON.readTree(body);
        JsonNode request = review.path("request");
        if (claimsNamespace.isPresent() && request.path("operation").asText().equals("CREATE") && !request.path("dryRun").asBoolean()) {
            claim(claimsNamespace.get(), request);
        }
        return Response.ok(allowed(review)).build();
    }

    /** A Lease of its own name, with the labels, annotations and times of the service's claim (LocationLease). */
    private void claim(String namespace, JsonNode request) {
        String uid = request.path("uid").asText();
        String holder = request.path("namespace").asText() + "/" + request.path("name").asText();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        client.get().leases().inNamespace(namespace).resource(new LeaseBuilder()
                .withNewMetadata().withName("floor-" + uid).withNamespace(namespace)
                .withLabels(Map.of("floor.vaultserver-admission.dev/claim", "true", "app.kubernetes.io/managed-by", "vaultserver-admission-floor"))
                .withAnnotations(Map.of("floor.vaultserver-admission.dev/endpoint", "", "floor.vaultserver-admission.dev/region", "us-east-1",
                        "floor.vaultserver-admission.dev/table", request.path("name").asText(), "floor.vaultserver-admission.dev/holder-namespace",
                        request.path("namespace").asText(), "floor.vaultserver-admission.dev/holder-name", request.path("name").asText(),
                        "floor.vaultserver-admission.dev/holder-uid", uid, "floor.vaultserver-admission.dev/last-uid", uid))
                .endMetadata()
                .withNewSpec().withHolderIdentity(holder).withAcquireTime(now).withRenewTime(now).endSpec()
                .build()).create();
    }

    private static ObjectNode allowed(JsonNode review) {
        ObjectNode answer = JSON.createObjectNode().put("apiVersion", review.path("apiVersion").asText()).put("kind", "AdmissionReview");
        answer.putObject("response").put("uid", review.path("request").path("uid").asText()).put("allowed", true);
        return answer;
    }
}
