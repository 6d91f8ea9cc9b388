package dev.vaultserver.admission.local;

import dev.vaultserver.admission.core.lookup.LookupException;
import dev.vaultserver.admission.core.policy.PolicyRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyFileTest {

    @TempDir
    Path dir;

    private static List<String> ruleNames(PolicyFile file) throws LookupException {
        return file.current().rules().stream().map(PolicyRule::name).toList();
    }

    @Test
    void noFileIsNoRulesAndAFileAppearingLaterIsRead() throws Exception {
        PolicyFile file = new PolicyFile(dir.resolve("policy.yaml"));
        assertEquals(List.of(), ruleNames(file));
        Files.writeString(dir.resolve("policy.yaml"), "rules: [{name: first}]");
        assertEquals(List.of("first"), ruleNames(file), "the next lookup sees it");
        Files.delete(dir.resolve("policy.yaml"));
        assertEquals(List.of(), ruleNames(file), "removed: no rules");
    }

    @Test
    void aRequiredPolicyWhoseFileIsMissingFailsClosedAtStartAndKeepsTheLastGoodWhileRunning() throws Exception {
        Path path = dir.resolve("policy.yaml");
        PolicyFile file = new PolicyFile(path, true);
        assertFalse(file.usable(), "configured but missing at start: not ready, writes fail closed");
        LookupException e = assertThrows(LookupException.class, file::current);
        assertTrue(e.getMessage().contains("the file is missing"), e.getMessage());
        assertEquals(1, file.refusedLoads());

        Files.writeString(path, "rules: [{name: first}]");
        assertEquals(List.of("first"), ruleNames(file));
        Files.delete(path);
        assertEquals(List.of("first"), ruleNames(file), "deleted while running: the last good policy stays in force");
        assertTrue(file.usable());
        assertEquals(2, file.refusedLoads(), "and the refusal is counted");
        assertEquals(1, file.rulesInForce());
    }

    @Test
    void aChangeIsSeenByTheNextLookupAndABrokenOneKeepsTheLastGood() throws Exception {
        Path path = dir.resolve("policy.yaml");
        Files.writeString(path, "rules: [{name: first}]");
        PolicyFile file = new PolicyFile(path);
        assertEquals(List.of("first"), ruleNames(file));

        replace(path, "rules: [{name: first}, {name: second, allowedRegions: [eu-west-1]}]");
        assertEquals(List.of("first", "second"), ruleNames(file));

        replace(path, "rules: [{name: third, allowedRegion: [eu-west-1]}]"); // a typo
        assertEquals(List.of("first", "second"), ruleNames(file), "the last good policy stays in force");
        assertEquals(1, file.refusedLoads());
        assertTrue(file.usable());

        replace(path, "rules: [{name: fixed}]");
        assertEquals(List.of("fixed"), ruleNames(file));
        assertEquals(1, file.rulesInForce());
    }

    @Test
    void aBrokenFileWithNothingBeforeItFailsClosed() throws Exception {
        Path path = dir.resolve("policy.yaml");
        Files.writeString(path, "rules: [{name: r, enforcement: audit}]");
        PolicyFile file = new PolicyFile(path);
        LookupException e = assertThrows(LookupException.class, file::current);
        assertTrue(e.getMessage().contains("is invalid and no earlier version was loaded"), e.getMessage());
        assertTrue(e.getMessage().contains("rules[0].enforcement: Unsupported value: \"audit\""), e.getMessage());
        assertFalse(file.usable());
        assertEquals(-1, file.rulesInForce());
    }

    /** The kubelet updates a mounted ConfigMap by pointing the ..data symlink at a new folder. */
    @Test
    void aConfigMapStyleSymlinkSwapIsSeen() throws Exception {
        Path v1 = Files.createDirectory(dir.resolve("..2026_01"));
        Files.writeString(v1.resolve("policy.yaml"), "rules: [{name: v1}]");
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Files.createSymbolicLink(dir.resolve("policy.yaml"), Path.of("..data/policy.yaml"));
        PolicyFile file = new PolicyFile(dir.resolve("policy.yaml"));
        assertEquals(List.of("v1"), ruleNames(file));

        Path v2 = Files.createDirectory(dir.resolve("..2026_02"));
        Files.writeString(v2.resolve("policy.yaml"), "rules: [{name: v2}]"); // same size, new inode
        Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
        Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(List.of("v2"), ruleNames(file));
    }

    private static void replace(Path path, String text) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
