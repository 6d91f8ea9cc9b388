package dev.vaultserver.admission.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scripts/merge-sbom.py: the image's SBOM names the base's Debian packages and the JDK's, beside the Java dependencies. */
class SbomMergeTest {

    @TempDir
    Path dir;

    @Test
    void theDebianPackagesAndTheJdkBecomeComponentsBesideTheJars() throws Exception {
        Path bom = dir.resolve("bom.json");
        Files.writeString(bom, """
                {"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
                  {"type": "library", "bom-ref": "pkg:maven/io.quarkus/quarkus-core@3.34.2?type=jar", "name": "quarkus-core"}]}
                """);
        Path packages = dir.resolve("packages.txt");
        Files.writeString(packages, "libc6\t2.36-9+deb12u13\tamd64\nzlib1g\t1:1.2.13.dfsg-1\tamd64\n");
        Path out = dir.resolve("image.cdx.json");
        Process merge = new ProcessBuilder("python3", "scripts/merge-sbom.py", bom.toString(), packages.toString(), "openjdk-17-jre-headless",
                "17.0.17+10-1~deb12u1", "amd64", "java.base,jdk.zipfs", out.toString()).redirectErrorStream(true).start();
        String said = new String(merge.getInputStream().readAllBytes());
        assertTrue(merge.waitFor(30, TimeUnit.SECONDS) && merge.exitValue() == 0, said);

        JsonNode merged = new ObjectMapper().readTree(out.toFile());
        List<String> purls = new ArrayList<>();
        merged.path("components").forEach(c -> purls.add(c.path("purl").asText(c.path("bom-ref").asText())));
        assertEquals(List.of("pkg:maven/io.quarkus/quarkus-core@3.34.2?type=jar",
                "pkg:deb/debian/libc6@2.36-9+deb12u13?arch=amd64&distro=debian-12",
                "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12",
                "pkg:deb/debian/openjdk-17-jre-headless@17.0.17+10-1~deb12u1?arch=amd64&distro=debian-12"), purls);
        JsonNode jdk = merged.path("components").get(3);
        assertEquals("platform", jdk.path("type").asText());
        assertTrue(jdk.path("properties").toString().contains("java.base,jdk.zipfs"), jdk.toString());
    }
}
