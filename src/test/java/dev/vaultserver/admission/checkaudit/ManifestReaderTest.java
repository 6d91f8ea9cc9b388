package dev.vaultserver.admission.checkaudit;

import dev.vaultserver.admission.checkaudit.report.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manifest reader: documents, Lists, folders, standard input, field lines, and syntax errors placed where they are. */
class ManifestReaderTest {

    @TempDir
    Path dir;

    private final ManifestReader reader = new ManifestReader();

    @Test
    void everyDocumentWithTheLinesOfItsFields() throws Exception {
        Path file = write("a.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: demo
                ---
                ---
                kind: VaultServer
                spec:
                  backend:
                    dynamodb:
                      region: eu-west-1
                  podTemplate:
                    spec:
                      env:
                      - name: A
                      - name: B
                """);
        List<ManifestReader.Document> documents = reader.read(List.of(file));
        assertEquals(2, documents.size(), "the empty document between the two --- is skipped");
        ManifestReader.Document vault = documents.get(1);
        assertEquals(7, vault.line());
        assertEquals(11, vault.lineOf("spec.backend.dynamodb.region"));
        assertEquals(16, vault.lineOf("spec.podTemplate.spec.env[1]"));
        assertEquals(16, vault.lineOf("spec.podTemplate.spec.env[1].name"));
        assertEquals(10, vault.lineOf("spec.backend.dynamodb.table"), "an absent field: its nearest parent's line");
        assertEquals(7, vault.lineOf("status.phase"), "no parent: the document's line");
        assertEquals(file + ":7", vault.where());
    }

    @Test
    void aListIsOneDocumentPerItemWithItsOwnLines() throws Exception {
        Path file = write("list.json", """
                {"kind": "List", "items": [
                  {"kind": "VaultServer", "metadata": {"name": "a"}},
                  {"kind": "VaultServer",
                   "metadata": {"name": "b"}}
                ]}
                """);
        List<ManifestReader.Document> documents = reader.read(List.of(file));
        assertEquals(List.of("a", "b"), documents.stream().map(d -> d.content().path("metadata").path("name").asText()).toList());
        assertEquals(List.of(2, 3), documents.stream().map(ManifestReader.Document::line).toList());
        assertEquals(4, documents.get(1).lineOf("metadata.name"));
    }

    @Test
    void aFolderIsReadInOrderAndStandardInputOnce() throws Exception {
        write("b.yaml", "kind: B\n");
        write("a.yml", "kind: A\n");
        write("notes.txt", "kind: ignored\n");
        Files.createDirectories(dir.resolve("sub"));
        write("sub/c.json", "{\"kind\": \"C\"}");
        List<ManifestReader.Document> documents = reader.read(List.of(dir, Path.of("-"), Path.of("-")),
                new ByteArrayInputStream("kind: D\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("A", "B", "C", "D"), documents.stream().map(d -> d.content().path("kind").asText()).toList());
    }

    @Test
    void unreadableInputSaysWhereAndWhy() throws Exception {
        InputError missing = assertThrows(ManifestReader.UnreadableInput.class, () -> reader.read(List.of(dir.resolve("nope")))).error();
        assertEquals("no such file or directory", missing.message());
        Path tabs = write("tabs.yaml", "kind: A\nspec:\n\tbackend: {}\n");
        InputError tab = assertThrows(ManifestReader.UnreadableInput.class, () -> reader.read(List.of(tabs))).error();
        assertEquals(3, tab.line());
        assertTrue(tab.message().contains("YAML is indented with spaces, never tabs"), tab.message());
        Path json = write("bad.json", "{\"kind\": \"A\",\n \"spec\": }");
        InputError bad = assertThrows(ManifestReader.UnreadableInput.class, () -> reader.read(List.of(json))).error();
        assertEquals(2, bad.line());
        assertTrue(bad.message().startsWith("not valid JSON: "), bad.message());
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
