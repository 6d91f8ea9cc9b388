package dev.vaultserver.admission.core.guard;

import dev.vaultserver.admission.core.Fixtures;
import dev.vaultserver.admission.core.field.ErrorType;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.lookup.LookupException;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.rule.VaultServerWrite;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackendCollisionRuleTest {

    private static final EffectiveBackend.Location SHARED = new EffectiveBackend.Location("", "eu-west-1", "shared");

    /** An index that knows these VaultServers at these locations. */
    private static VaultServerIndex index(Map<EffectiveBackend.Location, List<VaultServerIndex.Ref>> users) {
        return location -> users.getOrDefault(location, List.of());
    }

    private static Findings check(VaultServerIndex index, String dynamoDb) {
        return checkSpec(index, "{'backend': {'dynamodb': " + dynamoDb + "}}");
    }

    private static Findings checkSpec(VaultServerIndex index, String spec) {
        Findings findings = new Findings();
        new BackendCollisionRule(index).check(new VaultServerWrite("CREATE",
                Fixtures.withSpec(VaultServerVersion.V1ALPHA2, spec), Optional.empty()), findings);
        return findings;
    }

    @Test
    void aTableUsedInAnotherNamespaceIsRefusedNamingTheOther() {
        Findings findings = check(index(Map.of(SHARED, List.of(new VaultServerIndex.Ref("team-b", "vault")))),
                "{'table': 'shared', 'region': 'eu-west-1'}");
        assertEquals(List.of("spec.backend.dynamodb.table: Forbidden: table \"shared\" in region eu-west-1 at AWS's endpoint is already used by"
                + " VaultServer team-b/vault (two Vaults on one table overwrite each other's data)"),
                findings.refusals().stream().map(FieldError::toString).toList());
        assertEquals(List.of(), findings.errors());
    }

    @Test
    void locationsAreComparedAsVaultUsesThem() {
        var defaults = new EffectiveBackend.Location("", "us-east-1", "vault-dynamodb-backend");
        VaultServerIndex index = index(Map.of(defaults, List.of(new VaultServerIndex.Ref("team-b", "vault"))));
        assertEquals(1, check(index, "{}").refusals().size(), "both on the default table");
        assertEquals(1, check(index, "{'endpoint': 'dynamodb.us-east-1.amazonaws.com', 'table': ''}").refusals().size());
        assertEquals(0, check(index, "{'region': 'us-east-2'}").refusals().size(), "another region is another table");
        assertEquals(0, check(index, "{'endpoint': 'http://localhost:8000'}").refusals().size(), "another endpoint is another table");
    }

    @Test
    void theSameNamespaceIsWarnedAndItselfIgnored() {
        Findings findings = check(index(Map.of(SHARED, List.of(new VaultServerIndex.Ref("demo", "vault"), new VaultServerIndex.Ref("demo", "other")))),
                "{'table': 'shared', 'region': 'eu-west-1'}");
        assertEquals(List.of(), findings.refusals());
        assertEquals(List.of("spec.backend.dynamodb.table: table \"shared\" in region eu-west-1 at AWS's endpoint is already used by VaultServer"
                + " demo/other (two Vaults on one table overwrite each other's data)"), findings.warnings());
    }

    @Test
    void aFailedLookupFailsClosed() {
        Findings findings = check(location -> {
            throw new LookupException("the cache of VaultServers has not synced with the API server yet");
        }, "{'table': 'shared'}");
        assertEquals(ErrorType.INTERNAL, findings.errors().get(0).type());
        assertEquals("spec.backend.dynamodb.table: Internal error: the VaultServers using this table could not be listed:"
                + " the cache of VaultServers has not synced with the API server yet", findings.errors().get(0).toString());
    }

    @Test
    void aLocationFromASecretIsNotCompared() {
        Findings findings = checkSpec(location -> {
            throw new AssertionError("not asked");
        }, "{'backend': {'dynamodb': {'table': 'shared'}},"
                + " 'podTemplate': {'spec': {'env': [{'name': 'AWS_REGION', 'valueFrom': {'secretKeyRef': {'name': 's', 'key': 'k'}}}]}}}");
        assertEquals(0, findings.errors().size() + findings.refusals().size());
    }
}
