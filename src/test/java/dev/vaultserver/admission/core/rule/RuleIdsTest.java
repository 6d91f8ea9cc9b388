package dev.vaultserver.admission.core.rule;

import dev.vaultserver.admission.core.Fixtures;
import dev.vaultserver.admission.core.StandardRules;
import dev.vaultserver.admission.core.admission.AdmissionDecision;
import dev.vaultserver.admission.core.finding.Finding;
import dev.vaultserver.admission.core.lookup.ClusterView;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.core.validation.CredentialSecretsRuleTest;
import dev.vaultserver.admission.local.DirectorySecretLookup;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rule has a stable, unique ID; every finding carries its rule's; docs/rules.md lists exactly these. */
class RuleIdsTest {

    private static final VaultServerValidator VALIDATOR = StandardRules.validator(
            ClusterView.secretsOnly(new DirectorySecretLookup(CredentialSecretsRuleTest.SECRETS)), PolicySource.NONE);

    /** IDs that no rule class returns from id(): a tenant policy rule's (by its name) and the validator's own warning. */
    private static final Set<String> DOCUMENTED_BESIDES = Set.of("policy.<rule name>", VaultServerValidator.UNKNOWN_VERSION);

    @Test
    void everyRuleHasAUniqueWellFormedId() {
        List<String> ids = VALIDATOR.ruleIds();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "unique: " + ids);
        for (String id : ids) {
            assertTrue(id.matches("[a-z]+(\\.[a-z][a-z-]*)*"), id);
        }
    }

    @Test
    void docsListExactlyTheRulesIds() throws IOException {
        String doc = Files.readString(Path.of("docs/rules.md"));
        Set<String> listed = new HashSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(doc.substring(doc.indexOf("## Rule IDs"), doc.indexOf("## The object")));
        while (row.find()) {
            listed.add(row.group(1));
        }
        Set<String> expected = new HashSet<>(VALIDATOR.ruleIds());
        expected.addAll(DOCUMENTED_BESIDES);
        assertEquals(expected, listed);
    }

    @Test
    void eachFindingCarriesTheIdOfTheRuleThatMadeIt() {
        AdmissionDecision decision = VALIDATOR.handle(Fixtures.request("CREATE", Fixtures.withSpec(VaultServerVersion.V1ALPHA2,
                "{'replicas': 3, 'backend': {'dynamodb': {'table': 'a', 'readCapacity': -1, 'tabel': 'y',"
                        + " 'credentialSecretRef': {'name': 'nope'}}}}")));
        List<String> found = decision.findings().stream().map(f -> f.kind() + " " + f.rule() + " " + f.field()).toList();
        assertEquals(List.of(
                "ERROR dynamodb.table spec.backend.dynamodb.table",
                "ERROR dynamodb.capacity spec.backend.dynamodb.readCapacity",
                "ERROR credentials.secret spec.backend.dynamodb.credentialSecretRef.name",
                "WARNING dynamodb.ha spec.replicas",
                "WARNING dynamodb.unknown-fields spec.backend.dynamodb.tabel"), found);
        // The wire's causes and warnings are these findings, in the denial's order.
        assertEquals(decision.denial().causes().stream().map(Finding::text).toList(), decision.causes().stream().map(Finding::text).toList());
        assertEquals(decision.warnings(), decision.findings().stream().filter(f -> f.kind() == Finding.Kind.WARNING).map(Finding::text).toList());
    }
}
