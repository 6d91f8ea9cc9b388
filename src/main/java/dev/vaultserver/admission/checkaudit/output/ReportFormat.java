package dev.vaultserver.admission.checkaudit.output;

/** The report formats of {@code check} and {@code audit}, each with its writer. */
public enum ReportFormat {
    /** For people: a verdict line per object, its causes and warnings, the defaulted object or patch. */
    text,
    /** The report document, for machines. */
    json,
    /** The same document as YAML. */
    yaml,
    /** JUnit XML: one test case per VaultServer or review, a failure per denial; CI servers render it natively. */
    junit,
    /** GitHub Actions workflow commands: an annotation on the file and line of each cause and warning. */
    github;

    /** @param showPatch in text, show each object's patch instead of the defaulted object */
    public ReportWriter writer(boolean showPatch) {
        return switch (this) {
            case text -> new TextReportWriter(showPatch);
            case json -> JsonReportWriter.json();
            case yaml -> JsonReportWriter.yaml();
            case junit -> new JunitReportWriter();
            case github -> new GithubReportWriter();
        };
    }

    /** Whether the format is a document a program reads, so that it is written even when the input could not be read. */
    public boolean alwaysWritten() {
        return this != text;
    }
}
