package dev.vaultserver.admission.core.guard;

import dev.vaultserver.admission.core.Fixtures;
import dev.vaultserver.admission.core.field.ErrorType;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.lookup.LocationClaims;
import dev.vaultserver.admission.core.lookup.LookupException;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.rule.VaultServerWrite;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableClaimRuleTest {

    private static final EffectiveBackend.Location SHARED = new EffectiveBackend.Location("", "eu-west-1", "shared");

    /** Claims kept in a map whose putIfAbsent is the atomic step, as the API server's create is; counts the calls. */
    static final class MapClaims implements LocationClaims {
        final Map<EffectiveBackend.Location, VaultServerIndex.Ref> held = new ConcurrentHashMap<>();
        final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public VaultServerIndex.Ref claim(EffectiveBackend.Location location, VaultServerIndex.Ref claimant, String uid, boolean dryRun) {
            calls.add((dryRun ? "read " : "claim ") + location.table() + " for " + claimant + " uid " + uid);
            if (dryRun) {
                return held.getOrDefault(location, claimant);
            }
            VaultServerIndex.Ref before = held.putIfAbsent(location, claimant);
            return before == null ? claimant : before;
        }
    }

    private static VaultServer vaultServer(String namespace, String name, String dynamoDb) {
        VaultServer vs = Fixtures.withDynamoDb(VaultServerVersion.V1ALPHA2, dynamoDb);
        var object = (com.fasterxml.jackson.databind.node.ObjectNode) vs.object().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) object.path("metadata")).put("name", name).put("namespace", namespace).put("uid", "uid-" + name);
        return new VaultServer(object, VaultServerVersion.V1ALPHA2, namespace);
    }

    private static Findings create(LocationClaims claims, String namespace, String name, String dynamoDb, boolean dryRun) {
        Findings findings = new Findings();
        new TableClaimRule(claims).check(new VaultServerWrite("CREATE", vaultServer(namespace, name, dynamoDb), Optional.empty(), dryRun, dev.vaultserver.admission.core.admission.Requester.UNKNOWN), findings);
        return findings;
    }

    @Test
    void theFirstWriteClaimsAndAnotherNamespaceIsRefusedNamingTheHolder() {
        MapClaims claims = new MapClaims();
        assertEquals(0, create(claims, "team-a", "vault", "{'table': 'shared', 'region': 'eu-west-1'}", false).refusals().size());
        assertEquals(new VaultServerIndex.Ref("team-a", "vault"), claims.held.get(SHARED));
        assertEquals(List.of("claim shared for team-a/vault uid uid-vault"), claims.calls, "the object's uid goes with the claim");

        Findings refused = create(claims, "team-b", "other", "{'table': 'shared', 'region': 'eu-west-1'}", false);
        assertEquals(List.of("spec.backend.dynamodb.table: Forbidden: table \"shared\" in region eu-west-1 at AWS's endpoint is already used by"
                + " VaultServer team-a/vault (two Vaults on one table overwrite each other's data)"),
                refused.refusals().stream().map(FieldError::toString).toList(), "the same words as the cache's guard");
    }

    @Test
    void theSameNamespaceSharesItWithOneWarning() {
        MapClaims claims = new MapClaims();
        create(claims, "team-a", "vault", "{'table': 'shared', 'region': 'eu-west-1'}", false);
        Findings second = create(claims, "team-a", "second", "{'table': 'shared', 'region': 'eu-west-1'}", false);
        assertEquals(List.of(), second.refusals());
        assertEquals(List.of("spec.backend.dynamodb.table: table \"shared\" in region eu-west-1 at AWS's endpoint is already used by VaultServer"
                + " team-a/vault (two Vaults on one table overwrite each other's data)"), second.warnings());

        // The cache saw the holder first and warned: the claim does not warn twice.
        Findings both = new Findings();
        BackendCollisionRule cache = new BackendCollisionRule(location -> List.of(new VaultServerIndex.Ref("team-a", "vault")));
        VaultServerWrite write = new VaultServerWrite("CREATE", vaultServer("team-a", "third", "{'table': 'shared', 'region': 'eu-west-1'}"), Optional.empty());
        cache.check(write, both);
        new TableClaimRule(claims).check(write, both);
        assertEquals(1, both.warnings().size(), both.warnings().toString());
    }

    @Test
    void aDryRunReadsTheClaimAndWritesNone() {
        MapClaims claims = new MapClaims();
        assertEquals(0, create(claims, "team-a", "vault", "{'table': 'shared', 'region': 'eu-west-1'}", true).refusals().size());
        assertTrue(claims.held.isEmpty(), "a dry run claims nothing");
        create(claims, "team-a", "vault", "{'table': 'shared', 'region': 'eu-west-1'}", false);
        assertEquals(1, create(claims, "team-b", "other", "{'table': 'shared', 'region': 'eu-west-1'}", true).refusals().size(),
                "a dry run gets the same answer");
        assertEquals(List.of("read shared for team-a/vault uid uid-vault", "claim shared for team-a/vault uid uid-vault",
                "read shared for team-b/other uid uid-other"), claims.calls);
    }

    @Test
    void aWriteRefusedForAnythingElseClaimsNothing() {
        MapClaims claims = new MapClaims();
        Findings findings = new Findings();
        findings.error(FieldError.invalid("spec.backend.dynamodb.readCapacity", "-5", "must be at least 1"));
        new TableClaimRule(claims).check(new VaultServerWrite("CREATE", vaultServer("team-a", "vault", "{'table': 'shared'}"), Optional.empty()), findings);
        Findings refused = new Findings();
        refused.refusal(FieldError.forbidden("spec.backend.dynamodb.region", "tenant policy"));
        new TableClaimRule(claims).check(new VaultServerWrite("CREATE", vaultServer("team-a", "vault", "{'table': 'shared'}"), Optional.empty()), refused);
        assertEquals(List.of(), claims.calls);
    }

    @Test
    void anUpdateThatKeepsItsLocationAsksNothingAndAMoveClaimsTheNewOne() {
        MapClaims claims = new MapClaims();
        VaultServer old = vaultServer("team-a", "vault", "{'table': 'one', 'region': 'eu-west-1'}");
        VaultServer respelled = vaultServer("team-a", "vault", "{'table': 'one', 'region': 'eu-west-1', 'readCapacity': 9,"
                + " 'endpoint': 'https://dynamodb.eu-west-1.amazonaws.com'}");
        new TableClaimRule(claims).check(new VaultServerWrite("UPDATE", respelled, Optional.of(old)), new Findings());
        assertEquals(List.of(), claims.calls, "same location however spelled: no call");

        VaultServer moved = vaultServer("team-a", "vault", "{'table': 'two', 'region': 'eu-west-1'}");
        new TableClaimRule(claims).check(new VaultServerWrite("UPDATE", moved, Optional.of(old)), new Findings());
        assertEquals(List.of("claim two for team-a/vault uid uid-vault"), claims.calls);
    }

    @Test
    void aClaimThatCannotBeMadeFailsClosed() {
        Findings findings = create((location, claimant, uid, dryRun) -> {
            throw new LookupException("the API server could not be reached (ConnectException: Connection refused)");
        }, "team-a", "vault", "{'table': 'shared'}", false);
        assertEquals(ErrorType.INTERNAL, findings.errors().get(0).type());
        assertEquals("spec.backend.dynamodb.table: Internal error: the claim on this table could not be made:"
                + " the API server could not be reached (ConnectException: Connection refused)", findings.errors().get(0).toString());
    }

    @Test
    void aLocationFromASecretIsNotClaimed() {
        MapClaims claims = new MapClaims();
        Findings findings = new Findings();
        new TableClaimRule(claims).check(new VaultServerWrite("CREATE", Fixtures.withSpec(VaultServerVersion.V1ALPHA2,
                "{'backend': {'dynamodb': {'table': 'shared'}}, 'podTemplate': {'spec': {'env': [{'name': 'AWS_REGION',"
                        + " 'valueFrom': {'secretKeyRef': {'name': 's', 'key': 'k'}}}]}}}"), Optional.empty()), findings);
        assertEquals(List.of(), claims.calls);
    }

    @Test
    void eightNamespacesAtTheSameInstantGiveOneOwner() throws Exception {
        for (int round = 0; round < 20; round++) {
            MapClaims claims = new MapClaims();
            CyclicBarrier start = new CyclicBarrier(8);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Findings>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String namespace = "team-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return create(claims, namespace, "vault", "{'table': 'shared', 'region': 'eu-west-1'}", false);
                }));
            }
            int admitted = 0;
            for (Future<Findings> answer : answers) {
                admitted += answer.get().hasErrors() ? 0 : 1;
            }
            pool.shutdown();
            assertEquals(1, admitted, "round " + round);
        }
    }
}
