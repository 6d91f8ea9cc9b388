package dev.vaultserver.admission.core.model;

import dev.vaultserver.admission.core.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EffectiveBackendTest {

    private static EffectiveBackend of(String specJson) {
        return EffectiveBackend.of(Fixtures.withSpec(VaultServerVersion.V1ALPHA2, specJson)).orElseThrow();
    }

    @Test
    void unsetFieldsAreTheDocumentedDefaults() {
        EffectiveBackend b = of("{'backend': {'dynamodb': {}}}");
        assertEquals(new EffectiveBackend.Location("", "us-east-1", "vault-dynamodb-backend"), b.location());
        assertEquals(EffectiveBackend.Source.DEFAULT, b.table().source());
        assertEquals("spec.backend.dynamodb.table", b.table().field());
        assertEquals(5, b.readCapacity().asLong().getAsLong());
        assertEquals(128, b.maxParallel().asLong().getAsLong());
        assertFalse(b.highAvailability());
    }

    @Test
    void emptyAndZeroValuesAreTheDefaultsAsVaultReadsThem() {
        EffectiveBackend b = of("{'backend': {'dynamodb': {'table': '', 'region': '', 'readCapacity': 0, 'writeCapacity': 0, 'maxParallel': -3}}}");
        assertEquals(new EffectiveBackend.Location("", "us-east-1", "vault-dynamodb-backend"), b.location());
        assertEquals(5, b.readCapacity().asLong().getAsLong());
        assertEquals(5, b.writeCapacity().asLong().getAsLong());
        assertEquals(128, b.maxParallel().asLong().getAsLong());
    }

    @Test
    void specValuesBeatDefaults() {
        EffectiveBackend b = of("{'backend': {'dynamodb': {'table': 't1', 'region': 'eu-west-1', 'readCapacity': 20, 'haEnabled': true}}}");
        assertEquals(new EffectiveBackend.Location("", "eu-west-1", "t1"), b.location());
        assertEquals(EffectiveBackend.Source.SPEC, b.table().source());
        assertEquals(20, b.readCapacity().asLong().getAsLong());
        assertTrue(b.highAvailability());
    }

    @Test
    void environmentVariablesBeatTheSpecInVaultsOrder() {
        EffectiveBackend b = of("""
                {'backend': {'dynamodb': {'table': 't1', 'region': 'eu-west-1', 'writeCapacity': 10}},
                 'podTemplate': {'spec': {'env': [
                    {'name': 'AWS_DEFAULT_REGION', 'value': 'eu-north-1'},
                    {'name': 'AWS_REGION', 'value': 'eu-central-1'},
                    {'name': 'AWS_DYNAMODB_TABLE', 'value': 'other'},
                    {'name': 'AWS_DYNAMODB_TABLE', 'value': 'last-wins'},
                    {'name': 'AWS_DYNAMODB_WRITE_CAPACITY', 'value': '900'},
                    {'name': 'DYNAMODB_HA_ENABLED', 'value': 'TRUE'},
                    {'name': 'UNRELATED', 'value': 'x'}]}}}""");
        assertEquals(new EffectiveBackend.Location("", "eu-central-1", "last-wins"), b.location());
        assertEquals("spec.podTemplate.spec.env[3]", b.table().field());
        assertEquals("spec.podTemplate.spec.env[1]", b.region().field(), "AWS_REGION is read before AWS_DEFAULT_REGION");
        assertEquals(900, b.writeCapacity().asLong().getAsLong());
        assertTrue(b.highAvailability());
        assertEquals(6, b.envOverrides().size(), "every overriding variable, not UNRELATED");
    }

    @Test
    void aDynamoDbRegionVariableBeatsAwsRegion() {
        EffectiveBackend b = of("{'backend': {'dynamodb': {}}, 'podTemplate': {'spec': {'env': ["
                + "{'name': 'AWS_REGION', 'value': 'eu-central-1'}, {'name': 'AWS_DYNAMODB_REGION', 'value': 'ap-south-1'}]}}}");
        assertEquals("ap-south-1", b.region().value());
    }

    @Test
    void anEmptyVariableIsUnsetAndAValueFromASecretIsUnknown() {
        EffectiveBackend b = of("{'backend': {'dynamodb': {'table': 't1'}}, 'podTemplate': {'spec': {'env': ["
                + "{'name': 'AWS_DYNAMODB_TABLE', 'value': ''},"
                + "{'name': 'AWS_REGION', 'valueFrom': {'configMapKeyRef': {'name': 'c', 'key': 'region'}}}]}}}");
        assertEquals("t1", b.table().value());
        assertNull(b.region().value());
        assertFalse(b.location().known());
    }

    @Test
    void noDynamoDbBackendHasNoEffectiveBackend() {
        assertTrue(EffectiveBackend.of(Fixtures.withSpec(VaultServerVersion.V1ALPHA1, "{'backend': {'raft': {}}}")).isEmpty());
    }

    @ParameterizedTest(name = "{0} in {1} -> ''{2}''")
    @CsvSource(delimiter = '|', value = {
            "http://localhost:8000|us-east-1|http://localhost:8000",
            "localhost:8000|us-east-1|https://localhost:8000",
            "HTTPS://DynamoDB.Local:8000/|us-east-1|https://dynamodb.local:8000",
            "https://dynamodb.local:443|us-east-1|https://dynamodb.local",
            "https://dynamodb.eu-west-1.amazonaws.com|eu-west-1|''",
            "dynamodb.eu-west-1.amazonaws.com/|eu-west-1|''",
            "https://dynamodb.eu-west-1.amazonaws.com|us-east-1|https://dynamodb.eu-west-1.amazonaws.com",
            "https://dynamodb.cn-north-1.amazonaws.com.cn|cn-north-1|''",
            "http://dynamodb.eu-west-1.amazonaws.com|eu-west-1|''",
            "http://dynamodb.eu-west-1.amazonaws.com:8000|eu-west-1|http://dynamodb.eu-west-1.amazonaws.com:8000",
            "https://dynamodb.us-iso-east-1.c2s.ic.gov|us-iso-east-1|''",
            "HTTPS://DYNAMODB-FIPS.US-EAST-1.AMAZONAWS.COM:443/|us-east-1|''",
            "dynamodb-fips.us-gov-west-1.api.aws|us-gov-west-1|''",
            "dynamodb-fips.us-gov-west-1.amazonaws.com.|us-gov-west-1-fips|''",
            "https://dynamodb.us-east-1.amazonaws.com/v1|us-east-1|https://dynamodb.us-east-1.amazonaws.com/v1",
            "https://dynamodb.eu-west-99.amazonaws.com|eu-west-99|''",
            "https://alternator.example/path/|us-east-1|https://alternator.example/path"})
    void endpointsHaveOneSpelling(String endpoint, String region, String expected) {
        assertEquals(expected, EffectiveBackend.normalizeEndpoint(endpoint, region));
    }
}
