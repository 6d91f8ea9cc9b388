import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.regions.EndpointTag;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceEndpointKey;
import software.amazon.awssdk.regions.ServiceMetadata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the DynamoDB facts the rule core needs (core/aws/AwsEndpoints) from AWS's own endpoint data, as
 * the AWS SDK for Java v2's {@code regions} module carries it: the partitions with their region patterns,
 * every region with every hostname AWS's SDK resolves for DynamoDB there (standard, FIPS, dual-stack, both),
 * the hostnames a region newer than the data gets (the partition's templates), and the deprecated
 * {@code -fips} pseudo-regions with the region they sign for.
 *
 * Run by the build (exec-maven-plugin, generate-resources) with the test classpath, which holds
 * software.amazon.awssdk:regions; a new region or partition is a version bump of that dependency.
 *
 * Usage: java -cp CLASSPATH scripts/GenerateAwsFacts.java OUTPUT.json
 */
public class GenerateAwsFacts {

    static final String SERVICE = "dynamodb";

    /** The endpoint variants AWS publishes, by the name the table uses. */
    static final Map<String, List<EndpointTag>> VARIANTS = new LinkedHashMap<>();
    static {
        VARIANTS.put("standard", List.of());
        VARIANTS.put("fips", List.of(EndpointTag.FIPS));
        VARIANTS.put("dualstack", List.of(EndpointTag.DUALSTACK));
        VARIANTS.put("fips-dualstack", List.of(EndpointTag.FIPS, EndpointTag.DUALSTACK));
    }

    public static void main(String[] args) throws Exception {
        ServiceMetadata dynamodb = ServiceMetadata.of(SERVICE);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("source", "software.amazon.awssdk:regions " + VersionInfo.SDK_VERSION);
        root.put("service", SERVICE);

        Map<String, String> pseudoRegions = new TreeMap<>(); // pseudo-region -> real region
        TreeSet<String> regions = new TreeSet<>();
        for (Region region : dynamodb.regions()) {
            String signing = dynamodb.signingRegion(ServiceEndpointKey.builder().region(region).build()).id();
            if (signing.equals(region.id())) {
                regions.add(region.id());
            } else {
                pseudoRegions.put(region.id(), signing);
            }
        }
        for (Region region : Region.regions()) {
            if (!region.isGlobalRegion() && region.metadata() != null) {
                regions.add(region.id());
            }
        }

        Map<String, ObjectNode> partitions = new TreeMap<>();
        ObjectNode regionNodes = json.createObjectNode();
        for (String id : regions) {
            Region region = Region.of(id);
            PartitionMetadata partition = region.metadata().partition();
            partitions.computeIfAbsent(partition.id(), p -> partition(json, dynamodb, partition, id));
            ObjectNode node = regionNodes.putObject(id);
            node.put("partition", partition.id());
            node.set("hostnames", hostnames(json, dynamodb, region, id, id));
        }
        ArrayNode partitionNodes = root.putArray("partitions");
        partitions.values().forEach(partitionNodes::add);
        root.set("regions", regionNodes);

        ObjectNode pseudoNodes = root.putObject("pseudoRegions");
        pseudoRegions.forEach((pseudo, real) -> {
            ObjectNode node = pseudoNodes.putObject(pseudo);
            node.put("region", real);
            node.put("hostname", dynamodb.endpointFor(Region.of(pseudo)).toString());
        });
        // What AWS's endpoint model has and the SDK's data lacks, with its source (scripts/aws-endpoints-supplement.json).
        if (args.length > 1) {
            com.fasterxml.jackson.databind.JsonNode supplement = json.readTree(Path.of(args[1]).toFile());
            ArrayNode added = root.putArray("supplemented");
            supplement.path("pseudoRegions").fields().forEachRemaining(e -> {
                if (!pseudoNodes.has(e.getKey())) {
                    pseudoNodes.set(e.getKey(), e.getValue());
                    added.add(e.getKey());
                }
            });
            root.put("supplementSource", supplement.path("source").asText());
        }

        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, json.writeValueAsString(root) + "\n");
        System.out.printf("GenerateAwsFacts: %d partitions, %d regions, %d pseudo-regions from %s%s -> %s%n",
                partitions.size(), regions.size(), pseudoNodes.size(), root.get("source").asText(),
                root.has("supplemented") ? " and " + root.get("supplemented") + " from the supplement" : "", out);
    }

    /** A partition: its id, its region pattern, and the hostnames a region AWS adds later gets there. */
    static ObjectNode partition(ObjectMapper json, ServiceMetadata dynamodb, PartitionMetadata partition, String knownRegion) {
        ObjectNode node = json.createObjectNode();
        node.put("id", partition.id());
        node.put("regionPattern", partition.regionRegex());
        // A region of this partition that the data does not list: the SDK resolves it from the partition's
        // defaults. "-99" keeps the name inside the partition's pattern.
        String unlisted = knownRegion.replaceAll("-\\d+$", "-99");
        if (!unlisted.matches(partition.regionRegex()) || Region.of(unlisted).metadata() != null) {
            throw new IllegalStateException("no unlisted region name for partition " + partition.id());
        }
        node.set("hostnameTemplates", hostnames(json, dynamodb, Region.of(unlisted), unlisted, "{region}"));
        return node;
    }

    static ObjectNode hostnames(ObjectMapper json, ServiceMetadata dynamodb, Region region, String regionId, String replacement) {
        ObjectNode node = json.createObjectNode();
        VARIANTS.forEach((name, tags) -> {
            String host = dynamodb.endpointFor(ServiceEndpointKey.builder().region(region).tags(tags).build()).toString();
            if (!host.contains(regionId)) {
                throw new IllegalStateException(name + " hostname of " + regionId + " does not name it: " + host);
            }
            node.put(name, host.replace(regionId, replacement));
        });
        return node;
    }
}
