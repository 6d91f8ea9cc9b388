package dev.vaultserver.admission.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The team's shared reference data (../shared/reference beside the project): read by the suites, never copied into the
 * project. Found beside the project, or where this workplace keeps it (/work/shared) when the project is cloned elsewhere.
 */
public final class SharedReference {

    private SharedReference() {
    }

    /** The OpenReports {@code Report} CRD (Apache-2.0, openreports/reports-api). */
    public static Path openReportsCrd() {
        return find(Path.of("reference", "crds", "openreports", "openreports.io_reports.yaml"));
    }

    private static Path find(Path inShared) {
        return Stream.of(Path.of("").toAbsolutePath().resolveSibling("shared").resolve(inShared), Path.of("/work/shared").resolve(inShared))
                .filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new AssertionError("../shared/" + inShared + " is not on this machine"));
    }
}
