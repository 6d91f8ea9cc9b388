package dev.vaultserver.admission.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vaultserver.admission.core.aws.AwsEndpoints;
import dev.vaultserver.admission.core.field.Echo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What Vault will really use for its DynamoDB backend, worked out as Vault does it
 * ({@code physical/dynamodb/dynamodb.go}): an environment variable on the Vault container
 * ({@code spec.podTemplate.spec.env}) beats the field in {@code spec.backend.dynamodb}, which beats the
 * documented default. So "unset" and "vault-dynamodb-backend" are the same table, and a table set
 * through {@code AWS_DYNAMODB_TABLE} is seen for what it is.
 *
 * @param endpoint where DynamoDB is reached ({@code ""} = AWS's own endpoint for the region)
 * @param region the region
 * @param table the table
 * @param readCapacity read capacity units Vault creates the table with (0 or unset means 5)
 * @param writeCapacity write capacity units, likewise
 * @param maxParallel Vault's max_parallel (below 1 means 128)
 * @param haEnabled whether Vault uses DynamoDB for HA locks
 * @param envOverrides the environment variables that override a DynamoDB setting
 */
public record EffectiveBackend(Setting endpoint, Setting region, Setting table, Setting readCapacity, Setting writeCapacity,
        Setting maxParallel, Setting haEnabled, List<Setting> envOverrides) {

    /** Where a setting's value came from. */
    public enum Source { ENVIRONMENT, SPEC, DEFAULT }

    /**
     * One effective setting.
     *
     * @param value the value Vault uses, or {@code null} when it comes from an env var's {@code valueFrom} and is not known here
     * @param field where it is set: {@code spec.backend.dynamodb.table} or {@code spec.podTemplate.spec.env[2]}
     * @param source which of the three places it came from
     */
    public record Setting(String value, String field, Source source) {

        public boolean known() {
            return value != null;
        }

        public OptionalLong asLong() {
            try {
                return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
    }

    /** Where the data lives: two Vaults with the same location write to the same table. */
    public record Location(String endpoint, String region, String table) {

        /** Whether every part is known (no part comes from an env var's valueFrom). */
        public boolean known() {
            return endpoint != null && region != null && table != null;
        }

        /** {@code table "t" in region eu-west-1 at AWS's endpoint}. */
        public String describe() {
            return "table " + Echo.quoted(table) + " in region " + Echo.bare(region) + " at "
                    + (endpoint.isEmpty() ? "AWS's endpoint" : "endpoint " + Echo.bare(endpoint));
        }
    }

    /** The environment variables Vault reads for each setting, strongest first. */
    static final List<String> ENDPOINT_ENV = List.of("AWS_DYNAMODB_ENDPOINT");
    static final List<String> REGION_ENV = List.of("AWS_DYNAMODB_REGION", "AWS_REGION", "AWS_DEFAULT_REGION");
    static final List<String> TABLE_ENV = List.of("AWS_DYNAMODB_TABLE");
    static final List<String> READ_CAPACITY_ENV = List.of("AWS_DYNAMODB_READ_CAPACITY");
    static final List<String> WRITE_CAPACITY_ENV = List.of("AWS_DYNAMODB_WRITE_CAPACITY");
    static final List<String> HA_ENABLED_ENV = List.of("DYNAMODB_HA_ENABLED");

    /** Every environment variable that overrides a DynamoDB setting of Vault's. */
    public static final List<String> OVERRIDING_ENV = java.util.stream.Stream.of(ENDPOINT_ENV, REGION_ENV, TABLE_ENV,
            READ_CAPACITY_ENV, WRITE_CAPACITY_ENV, HA_ENABLED_ENV).flatMap(List::stream).toList();

    private static final String ENV_PATH = "spec.podTemplate.spec.env";
    private static final AwsEndpoints AWS = AwsEndpoints.standard();

    /** The effective backend of a VaultServer whose backend is DynamoDB. */
    public static Optional<EffectiveBackend> of(VaultServer vaultServer) {
        if (vaultServer.dynamoDb().isEmpty()) {
            return Optional.empty();
        }
        JsonNode env = vaultServer.object().path("spec").path("podTemplate").path("spec").path("env");
        List<Setting> overrides = new ArrayList<>();
        if (env.isArray()) {
            for (int i = 0; i < env.size(); i++) {
                String name = env.get(i).path("name").asText("");
                if (OVERRIDING_ENV.contains(name)) {
                    overrides.add(new Setting(name, ENV_PATH + "[" + i + "]", Source.ENVIRONMENT));
                }
            }
        }
        Setting endpoint = setting(vaultServer, env, ENDPOINT_ENV, DynamoDbField.ENDPOINT);
        Setting region = setting(vaultServer, env, REGION_ENV, DynamoDbField.REGION);
        Setting read = setting(vaultServer, env, READ_CAPACITY_ENV, DynamoDbField.READ_CAPACITY);
        Setting write = setting(vaultServer, env, WRITE_CAPACITY_ENV, DynamoDbField.WRITE_CAPACITY);
        Setting maxParallel = setting(vaultServer, env, List.of(), DynamoDbField.MAX_PARALLEL);
        return Optional.of(new EffectiveBackend(
                new Setting(endpoint.known() ? normalizeEndpoint(endpoint.value(), region.value()) : null, endpoint.field(), endpoint.source()),
                region,
                setting(vaultServer, env, TABLE_ENV, DynamoDbField.TABLE),
                zeroMeansDefault(read, DynamoDbField.READ_CAPACITY, 1),
                zeroMeansDefault(write, DynamoDbField.WRITE_CAPACITY, 1),
                zeroMeansDefault(maxParallel, DynamoDbField.MAX_PARALLEL, 1),
                setting(vaultServer, env, HA_ENABLED_ENV, DynamoDbField.HA_ENABLED),
                List.copyOf(overrides)));
    }

    /** Where the data lives. */
    public Location location() {
        return new Location(endpoint.value(), dataRegion().value(), table.value());
    }

    /**
     * The region the data lives in: the effective region, except that a deprecated pseudo-region such as
     * {@code us-gov-west-1-fips} counts as the region it signs for ({@code us-gov-west-1}).
     */
    public Setting dataRegion() {
        return region.known() ? new Setting(AWS.dataRegion(region.value()), region.field(), region.source()) : region;
    }

    /** Vault's {@code strconv.ParseBool}: 1, t, T, TRUE, true, True. */
    public boolean highAvailability() {
        return haEnabled.known() && List.of("1", "t", "T", "TRUE", "true", "True").contains(haEnabled.value());
    }

    private static Setting setting(VaultServer vaultServer, JsonNode env, List<String> envNames, DynamoDbField field) {
        for (String name : envNames) {
            // Of several entries with one name the container gets the last.
            for (int i = env.size() - 1; i >= 0; i--) {
                JsonNode entry = env.get(i);
                if (name.equals(entry.path("name").asText(null))) {
                    JsonNode value = entry.path("value");
                    boolean literal = entry.path("valueFrom").isMissingNode() || entry.path("valueFrom").isNull();
                    String text = literal ? value.asText("") : null;
                    if (text == null || !text.isEmpty()) { // Vault treats an empty variable as unset
                        return new Setting(text, ENV_PATH + "[" + i + "]", Source.ENVIRONMENT);
                    }
                }
            }
        }
        JsonNode value = vaultServer.dynamoDb(field);
        boolean set = value.isValueNode() && !value.isNull() && !value.asText().isEmpty();
        if (set) {
            return new Setting(value.asText(), field.path(), Source.SPEC);
        }
        return new Setting(field.defaultValue().map(JsonNode::asText).orElse(""), field.path(), Source.DEFAULT);
    }

    /** Vault's rule: capacities of 0 become 5, a max_parallel below 1 becomes 128 (negative capacities are refused by validation). */
    private static Setting zeroMeansDefault(Setting setting, DynamoDbField field, long minimum) {
        OptionalLong n = setting.asLong();
        if (n.isPresent() && n.getAsLong() < minimum) {
            return new Setting(field.defaultValue().orElseThrow().asText(), setting.field(), Source.DEFAULT);
        }
        return setting;
    }

    /**
     * One spelling per endpoint: scheme and host lower-cased, {@code https://} added to a bare host (as
     * the AWS SDK does), a trailing slash and a default port dropped, and AWS's own DynamoDB endpoint for the
     * region, in any of the spellings AWS publishes (standard, FIPS, dual-stack; see {@link AwsEndpoints}),
     * written as {@code ""}, the same as no endpoint at all.
     */
    public static String normalizeEndpoint(String endpoint, String region) {
        String e = endpoint.trim();
        if (e.isEmpty()) {
            return "";
        }
        if (!e.contains("://")) {
            e = "https://" + e;
        }
        int schemeEnd = e.indexOf("://") + 3;
        int pathStart = e.indexOf('/', schemeEnd);
        String authority = pathStart < 0 ? e.substring(schemeEnd) : e.substring(schemeEnd, pathStart);
        String path = pathStart < 0 ? "" : e.substring(pathStart);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String scheme = e.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        authority = authority.toLowerCase(Locale.ROOT);
        if (scheme.equals("https://") && authority.endsWith(":443") || scheme.equals("http://") && authority.endsWith(":80")) {
            authority = authority.substring(0, authority.lastIndexOf(':'));
        }
        String normalized = scheme + authority + path;
        if (region != null && awsEndpointRegion(normalized).filter(AWS.dataRegion(region)::equals).isPresent()) {
            return "";
        }
        return normalized;
    }

    /**
     * The region for which a normalized endpoint is AWS's own DynamoDB endpoint (any published variant, over
     * https or http), or empty for a custom endpoint (DynamoDB Local, a proxy).
     */
    public static Optional<String> awsEndpointRegion(String normalizedEndpoint) {
        String host;
        if (normalizedEndpoint.startsWith("https://")) {
            host = normalizedEndpoint.substring("https://".length());
        } else if (normalizedEndpoint.startsWith("http://")) {
            host = normalizedEndpoint.substring("http://".length());
        } else {
            return Optional.empty();
        }
        if (host.contains("/") || host.contains(":")) {
            return Optional.empty();
        }
        return AWS.regionOfHostname(host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
    }
}
