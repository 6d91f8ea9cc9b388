package dev.vaultserver.admission.checkaudit.openreports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.checkaudit.report.ObjectResult;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.checkaudit.report.Result;
import dev.vaultserver.admission.checkaudit.report.RuleResult;
import dev.vaultserver.admission.core.field.Echo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An audit as OpenReports ({@code openreports.io/v1alpha1} {@code Report}, the successor of the wg-policy
 * PolicyReport that Kyverno, Kubewarden and Policy Reporter read): one Report per namespace that holds VaultServers,
 * named {@value #NAME}, with {@code source: vaultserver-admission} and one result per VaultServer and rule:
 * {@code fail} (severity high) for a rule that refuses it, {@code warn} (medium) for a rule that only warns,
 * and one {@code pass} (info) of the policy {@value #ALL_RULES} for a VaultServer no rule refuses or warns. A result's
 * {@code policy} and {@code rule} are the rule's ID (docs/rules.md), its message each finding's
 * {@code <field>: <message>}, its {@code resources} the VaultServer with its uid.
 * <p>
 * A Report holds at most {@code maxResults} results, and no more than {@value #MAX_RESULTS_BYTES} bytes of them (well
 * under the API server's 1.5 MiB limit on an object), failures first, then warnings, then passes; its summary counts
 * them all, and the annotation {@value #OMITTED_ANNOTATION} says how many were left out.
 */
public final class OpenReports {

    public static final String API_VERSION = "openreports.io/v1alpha1";
    public static final String KIND = "Report";
    /** The name of the Report in each namespace, and its {@code source}. */
    public static final String NAME = "vaultserver-admission";
    public static final String SOURCE = "vaultserver-admission";
    /** The label the Reports this service writes carry, and the only ones it ever changes or deletes. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** The policy of a {@code pass}: every rule of the webhook. */
    public static final String ALL_RULES = "vaultserver-admission";
    public static final String OMITTED_ANNOTATION = "vaultserver-admission.dev/results-omitted";
    public static final int DEFAULT_MAX_RESULTS = 1000;
    /** The longest message of a result: the findings of one rule on one object, joined. */
    static final int MAX_MESSAGE = 1024;
    /** The most bytes of results one Report holds, whatever the cap: etcd stores no object over 1.5 MiB. */
    static final int MAX_RESULTS_BYTES = 1_000_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final int maxResults;
    private final Instant now;

    /**
     * @param maxResults the most results one Report holds (at least 1)
     * @param now        the time every result is stamped with: the audit's
     */
    public OpenReports(int maxResults, Instant now) {
        if (maxResults < 1) {
            throw new IllegalArgumentException("a Report holds at least one result, not " + maxResults);
        }
        this.maxResults = maxResults;
        this.now = now;
    }

    /** A result's outcome as OpenReports names it, with its severity; in the order a capped Report keeps them. */
    enum Outcome {
        FAIL("fail", "high"), WARN("warn", "medium"), PASS("pass", "info");

        final String word;
        final String severity;

        Outcome(String word, String severity) {
            this.word = word;
            this.severity = severity;
        }
    }

    /** The outcomes a Report's summary counts: OpenReports' five, of which an audit makes three. */
    private static final List<String> SUMMARY = List.of("pass", "fail", "warn", "error", "skip");

    /** One result of a Report, before it is written: what sorts it and what it says. */
    record Entry(Outcome outcome, String rule, String name, ObjectNode node) {}

    /** The Reports of an audit, by namespace: every namespace with a VaultServer in it, and no other. */
    public Map<String, ObjectNode> build(Report audit) {
        Map<String, List<Entry>> byNamespace = new TreeMap<>();
        for (Result result : audit.results()) {
            if (result instanceof ObjectResult object) {
                byNamespace.computeIfAbsent(object.namespace(), ns -> new ArrayList<>()).addAll(entries(object));
            }
        }
        Map<String, ObjectNode> reports = new LinkedHashMap<>();
        byNamespace.forEach((namespace, entries) -> reports.put(namespace, report(namespace, entries)));
        return reports;
    }

    private ObjectNode report(String namespace, List<Entry> entries) {
        ObjectNode report = NODES.objectNode();
        report.put("apiVersion", API_VERSION);
        report.put("kind", KIND);
        ObjectNode metadata = report.putObject("metadata");
        metadata.put("name", NAME);
        metadata.put("namespace", namespace);
        metadata.putObject("labels").put(MANAGED_BY, SOURCE);
        report.put("source", SOURCE);
        ObjectNode summary = report.putObject("summary");
        for (String outcome : SUMMARY) {
            summary.put(outcome, entries.stream().filter(e -> e.outcome().word.equals(outcome)).count());
        }
        ArrayNode results = report.putArray("results");
        long bytes = 0;
        for (Entry entry : entries.stream().sorted(Comparator.comparing(Entry::outcome).thenComparing(Entry::name).thenComparing(Entry::rule)).toList()) {
            bytes += entry.node().toString().getBytes(StandardCharsets.UTF_8).length; // as etcd counts: a non-ASCII character is 2 to 4
            if (results.size() == maxResults || bytes > MAX_RESULTS_BYTES) {
                break;
            }
            results.add(entry.node());
        }
        if (results.size() < entries.size()) {
            metadata.putObject("annotations").put(OMITTED_ANNOTATION, String.valueOf(entries.size() - results.size()));
        }
        return report;
    }

    /** A VaultServer's results: a {@code fail} or {@code warn} per rule that found something, or one {@code pass}. */
    private List<Entry> entries(ObjectResult object) {
        Map<String, List<RuleResult>> byRule = object.findings().stream()
                .collect(Collectors.groupingBy(RuleResult::rule, LinkedHashMap::new, Collectors.toList()));
        List<Entry> entries = new ArrayList<>();
        byRule.forEach((rule, findings) -> {
            boolean fails = findings.stream().anyMatch(f -> f.result() == RuleResult.Outcome.FAIL);
            String message = findings.stream().map(RuleResult::text).collect(Collectors.joining("; "));
            entries.add(entry(object, fails ? Outcome.FAIL : Outcome.WARN, rule, message));
        });
        if (entries.isEmpty()) {
            entries.add(entry(object, Outcome.PASS, ALL_RULES, "allowed: no rule refuses or warns about it"));
        }
        return entries;
    }

    private Entry entry(ObjectResult object, Outcome outcome, String rule, String message) {
        ObjectNode node = NODES.objectNode();
        node.put("source", SOURCE);
        node.put("policy", rule);
        node.put("rule", rule);
        node.put("category", "VaultServer");
        node.put("result", outcome.word);
        node.put("severity", outcome.severity);
        node.put("scored", true);
        node.put("message", Echo.cut(message, MAX_MESSAGE));
        ObjectNode timestamp = node.putObject("timestamp");
        timestamp.put("seconds", now.getEpochSecond());
        timestamp.put("nanos", 0);
        ObjectNode resource = node.putArray("resources").addObject();
        resource.put("apiVersion", object.apiVersion());
        resource.put("kind", "VaultServer");
        resource.put("namespace", object.namespace());
        resource.put("name", object.name());
        JsonNode uid = object.object() == null ? null : object.object().path("metadata").get("uid");
        if (uid != null && uid.isTextual()) {
            resource.put("uid", uid.asText());
        }
        return new Entry(outcome, rule, object.name(), node);
    }
}
