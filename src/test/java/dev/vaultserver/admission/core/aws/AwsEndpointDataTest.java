package dev.vaultserver.admission.core.aws;

import dev.vaultserver.admission.core.Fixtures;
import dev.vaultserver.admission.core.StandardRules;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.guard.BackendChangeRule;
import dev.vaultserver.admission.core.guard.BackendCollisionRule;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.policy.constraint.AllowedRegions;
import dev.vaultserver.admission.core.policy.constraint.EndpointPolicy;
import dev.vaultserver.admission.core.policy.constraint.PolicySubject;
import dev.vaultserver.admission.core.rule.VaultServerValidator;
import dev.vaultserver.admission.core.rule.VaultServerWrite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.regions.EndpointTag;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceEndpointKey;
import software.amazon.awssdk.regions.ServiceMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated from AWS's own endpoint data, read here straight from the AWS SDK for Java v2's {@code regions}
 * module (the same data the build turns into the core's table): every region of every partition, every
 * published DynamoDB endpoint variant of every region in every spelling, every {@code -fips} pseudo-region and
 * a mismatched endpoint for every region, each through the rules a user meets (validation, the shared-table
 * guard, update safety, the tenant policy's {@code endpoint} and {@code allowedRegions}).
 */
class AwsEndpointDataTest {

    private static final ServiceMetadata DYNAMODB = ServiceMetadata.of("dynamodb");
    private static final VaultServerValidator VALIDATOR = StandardRules.validator((namespace, name, keys) -> Optional.empty());
    private static final Map<String, List<EndpointTag>> VARIANTS = Map.of(
            "standard", List.of(), "fips", List.of(EndpointTag.FIPS), "dualstack", List.of(EndpointTag.DUALSTACK),
            "fips-dualstack", List.of(EndpointTag.FIPS, EndpointTag.DUALSTACK));
    private static final AtomicInteger ENDPOINT_COMBINATIONS = new AtomicInteger();
    private static final AtomicInteger MISMATCHES = new AtomicInteger();

    /** The regions AWS's data lists (real ones: no global or pseudo-region), plus a region newer than the data in each partition. */
    static List<String> regions() {
        TreeSet<String> regions = new TreeSet<>();
        DYNAMODB.regions().stream().filter(r -> !pseudo(r)).map(Region::id).forEach(regions::add);
        Region.regions().stream().filter(r -> !r.isGlobalRegion() && r.metadata() != null).map(Region::id).forEach(regions::add);
        List<String> all = new ArrayList<>(regions);
        regions.stream().map(r -> Region.of(r).metadata().partition().id()).distinct().forEach(partition ->
                all.add(regions.stream().filter(r -> Region.of(r).metadata().partition().id().equals(partition)).findFirst().orElseThrow()
                        .replaceAll("-\\d+$", "-77")));
        return all;
    }

    static Stream<Arguments> regionVariants() {
        return regions().stream().flatMap(region -> VARIANTS.keySet().stream().map(variant -> Arguments.of(region, variant)));
    }

    /** Every pseudo-region: the SDK's (with the region it signs for and its hostname), then the supplement's. */
    static Stream<Arguments> pseudoRegions() {
        Stream<Arguments> sdk = DYNAMODB.regions().stream().filter(AwsEndpointDataTest::pseudo).map(r -> Arguments.of(r.id(),
                DYNAMODB.signingRegion(ServiceEndpointKey.builder().region(r).build()).id(), DYNAMODB.endpointFor(r).toString()));
        List<Arguments> supplemented = new ArrayList<>();
        SUPPLEMENT.path("pseudoRegions").fields().forEachRemaining(e -> supplemented.add(Arguments.of(e.getKey(),
                e.getValue().path("region").asText(), e.getValue().path("hostname").asText())));
        return Stream.concat(sdk, supplemented.stream());
    }

    /** scripts/aws-endpoints-supplement.json: what AWS's endpoint model has and the SDK's data lacks. */
    static final com.fasterxml.jackson.databind.JsonNode SUPPLEMENT = readSupplement();

    private static com.fasterxml.jackson.databind.JsonNode readSupplement() {
        try {
            return Fixtures.JSON.readTree(java.nio.file.Path.of("scripts/aws-endpoints-supplement.json").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Each supplemented entry must still be missing from the SDK's data: once the data has it, the entry goes. */
    @Test
    void theSupplementHoldsOnlyWhatTheSdkDataLacks() {
        List<String> sdk = DYNAMODB.regions().stream().map(Region::id).toList();
        List<String> supplemented = new ArrayList<>();
        SUPPLEMENT.path("pseudoRegions").fieldNames().forEachRemaining(supplemented::add);
        assertEquals(List.of("ca-west-1-fips"), supplemented);
        for (String name : supplemented) {
            assertFalse(sdk.contains(name), "software.amazon.awssdk:regions lists " + name + " now: remove it from scripts/aws-endpoints-supplement.json");
        }
        assertTrue(AwsEndpoints.standard().pseudoRegion("ca-west-1-fips").isPresent(), "the generated table merged it");
    }

    private static boolean pseudo(Region region) {
        return !DYNAMODB.signingRegion(ServiceEndpointKey.builder().region(region).build()).id().equals(region.id());
    }

    /** AWS's hostname for DynamoDB in this region and variant, as the SDK resolves it. */
    private static String hostname(String region, String variant) {
        return DYNAMODB.endpointFor(ServiceEndpointKey.builder().region(Region.of(region)).tags(VARIANTS.get(variant)).build()).toString();
    }

    /** The ways a user may write one endpoint (the SDK adds https:// to a bare host). */
    private static List<String> spellings(String host) {
        return List.of(host, "https://" + host, "https://" + host + "/", "https://" + host + ":443", "HTTPS://" + host.toUpperCase() + ":443/", "http://" + host);
    }

    private static VaultServer vaultServer(String namespace, String region, String endpoint) {
        var dynamoDb = Fixtures.JSON.createObjectNode().put("table", "shared");
        if (region != null) {
            dynamoDb.put("region", region);
        }
        if (endpoint != null) {
            dynamoDb.put("endpoint", endpoint);
        }
        var object = Fixtures.JSON.createObjectNode().put("apiVersion", VaultServerVersion.V1ALPHA2.apiVersion()).put("kind", "VaultServer");
        object.putObject("metadata").put("name", "vault").put("namespace", namespace);
        object.putObject("spec").put("version", "1.12.1").putObject("backend").set("dynamodb", dynamoDb);
        return new VaultServer(object, VaultServerVersion.V1ALPHA2, namespace);
    }

    /** The warnings about the region or the endpoint (not, say, the one about a missing credentials Secret). */
    private static List<String> placeWarnings(Findings findings) {
        return findings.warnings().stream().filter(w -> w.startsWith("spec.backend.dynamodb.region") || w.startsWith("spec.backend.dynamodb.endpoint")).toList();
    }

    /** Every finding of every rule about creating this object (the endpoint-region check is a rule about the write). */
    private static Findings validate(VaultServer vaultServer) {
        return VALIDATOR.validate(new VaultServerWrite("CREATE", vaultServer, Optional.empty()));
    }

    private static EffectiveBackend backend(VaultServer vaultServer) {
        return EffectiveBackend.of(vaultServer).orElseThrow();
    }

    @Test
    void theCoreTableCameFromThisVersionOfTheData() {
        assertEquals("software.amazon.awssdk:regions " + VersionInfo.SDK_VERSION, AwsEndpoints.standard().source());
        assertEquals(PartitionMetadata.of(Region.US_ISO_EAST_1).id(), AwsEndpoints.standard().partitionOf("us-iso-east-1").orElseThrow().id());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void everyRegionOfEveryPartitionIsAllowed(String region) {
        Findings findings = validate(vaultServer("team-a", region, null));
        assertEquals(List.of(), findings.errors(), region);
        assertEquals(List.of(), placeWarnings(findings), region);
        assertEquals(new EffectiveBackend.Location("", region, "shared"), backend(vaultServer("team-a", region, null)).location());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("regionVariants")
    void everyPublishedEndpointIsAwsEndpointForGuardPolicyAndUpdateSafety(String region, String variant) {
        VaultServer plain = vaultServer("team-b", region, null);
        EffectiveBackend.Location location = backend(plain).location();
        VaultServerIndex index = at -> at.equals(location) ? List.of(new VaultServerIndex.Ref("team-b", "vault")) : List.of();
        for (String endpoint : spellings(hostname(region, variant))) {
            ENDPOINT_COMBINATIONS.incrementAndGet();
            VaultServer spelled = vaultServer("team-a", region, endpoint);
            String what = region + " with endpoint " + endpoint;
            assertEquals(location, backend(spelled).location(), what);
            assertEquals(List.of(), validate(spelled).errors(), what);

            Findings guard = new Findings();
            new BackendCollisionRule(index).check(new VaultServerWrite("CREATE", spelled, Optional.empty()), guard);
            assertEquals(1, guard.refusals().size(), "the shared-table guard sees one table: " + what);

            Findings update = new Findings();
            new BackendChangeRule().check(new VaultServerWrite("UPDATE", vaultServer("team-b", region, endpoint), Optional.of(plain)), update);
            assertEquals(List.of(), update.errors(), "update safety sees no change: " + what);

            Findings policy = new Findings();
            new EndpointPolicy(true, List.of()).check(new PolicySubject(spelled, backend(spelled)), policy);
            assertEquals(List.of(), policy.errors(), "endpoint: {forbidden: true} takes it for AWS's endpoint: " + what);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pseudoRegions")
    void everyPseudoRegionIsAllowedWithAWarningAndCountsAsItsRealRegion(String pseudo, String real, String endpoint) {
        VaultServer vaultServer = vaultServer("team-a", pseudo, null);
        Findings findings = validate(vaultServer);
        assertEquals(List.of(), findings.errors());
        assertEquals(List.of("spec.backend.dynamodb.region: \"" + pseudo + "\" is a deprecated pseudo-region: Vault's AWS SDK signs for " + real
                + " and uses the endpoint https://" + endpoint + "; write region: " + real + " and endpoint: https://" + endpoint + " instead"),
                placeWarnings(findings));
        assertEquals(backend(vaultServer("team-b", real, null)).location(), backend(vaultServer).location(), "the guard sees its real region");
        assertEquals(backend(vaultServer("team-b", real, "https://" + endpoint)).location(), backend(vaultServer).location());
        Findings policy = new Findings();
        new AllowedRegions(List.of(real)).check(new PolicySubject(vaultServer, backend(vaultServer)), policy);
        assertEquals(List.of(), policy.errors(), "allowedRegions sees its real region");

        Findings update = new Findings();
        new BackendChangeRule().check(new VaultServerWrite("UPDATE", vaultServer("team-a", real, "https://" + endpoint),
                Optional.of(vaultServer)), update);
        assertEquals(List.of(), update.errors(), "the pseudo-region written as region plus endpoint is no change");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("regionVariants")
    void anEndpointOfAnotherRegionIsRefusedNamingBoth(String region, String variant) {
        List<String> regions = regions();
        String other = regions.get((regions.indexOf(region) + 1) % regions.size());
        String endpoint = "https://" + hostname(other, variant);
        MISMATCHES.incrementAndGet();
        List<String> errors = validate(vaultServer("team-a", region, endpoint)).errors().stream().map(FieldError::toString).toList();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("spec.backend.dynamodb.endpoint: Invalid value: \"" + endpoint + "\": is AWS's DynamoDB endpoint for region "
                + other + ", but the effective region is " + region + " (spec.backend.dynamodb.region)"), errors.get(0));
    }

    @Test
    void theDefaultRegionCountsForAMismatch() {
        List<String> errors = validate(vaultServer("team-a", null, "dynamodb.eu-west-1.amazonaws.com")).errors().stream()
                .map(FieldError::toString).toList();
        assertEquals(List.of("spec.backend.dynamodb.endpoint: Invalid value: \"https://dynamodb.eu-west-1.amazonaws.com\": is AWS's DynamoDB endpoint"
                + " for region eu-west-1, but the effective region is us-east-1 (spec.backend.dynamodb.region, the default): Vault would sign for"
                + " us-east-1 and send to eu-west-1; set the region to eu-west-1 or remove the endpoint"), errors);
    }

    @Test
    void aCustomEndpointStaysALocationOfItsOwn() {
        for (String endpoint : List.of("http://localhost:8000", "https://dynamodb.internal.example", "https://dynamodb.us-east-1.amazonaws.com/proxy",
                "https://dynamodb.us-east-1.amazonaws.com:8443", "https://dynamodb.us-east-1.amazonaws.example")) {
            EffectiveBackend custom = backend(vaultServer("team-a", "us-east-1", endpoint));
            assertTrue(!custom.location().endpoint().isEmpty(), endpoint);
            assertEquals(List.of(), validate(vaultServer("team-a", "us-east-1", endpoint)).errors(), endpoint);
        }
    }

    @AfterAll
    static void printTheCount() {
        System.out.printf("AwsEndpointDataTest: %d regions, %d pseudo-regions (with the supplement's), %d (region, variant, spelling) endpoint combinations,"
                + " %d mismatched pairs, from software.amazon.awssdk:regions %s%n", regions().size(), pseudoRegions().count(),
                ENDPOINT_COMBINATIONS.get(), MISMATCHES.get(), VersionInfo.SDK_VERSION);
    }
}
