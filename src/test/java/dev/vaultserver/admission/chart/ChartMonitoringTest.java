package dev.vaultserver.admission.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static dev.vaultserver.admission.chart.HelmChartTest.all;
import static dev.vaultserver.admission.chart.HelmChartTest.only;
import static dev.vaultserver.admission.chart.HelmChartTest.render;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What operators expect of a chart beside the webhook: a ServiceMonitor, alerts with unit tests, a dashboard. */
public class ChartMonitoringTest {

    static final Path ALERT_TESTS = Path.of("src/test/resources/prometheus/alerts-test.yaml");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void monitoringIsOptIn() throws IOException {
        List<JsonNode> docs = render(Map.of());
        for (String kind : List.of("ServiceMonitor", "PrometheusRule")) {
            assertEquals(List.of(), all(docs, kind), kind);
        }
        assertTrue(all(docs, "ConfigMap").stream().noneMatch(c -> c.path("metadata").path("name").asText().endsWith("-dashboard")));
    }

    @Test
    void theServiceMonitorScrapesHttpsVerifiedWithTheWebhooksCa() throws IOException {
        JsonNode monitor = only(render(Map.of("metrics.serviceMonitor.enabled", "true", "metrics.serviceMonitor.labels.release", "prom")), "ServiceMonitor");
        assertEquals("prom", monitor.path("metadata").path("labels").path("release").asText());
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertEquals("https", endpoint.path("port").asText());
        assertEquals("/q/metrics", endpoint.path("path").asText());
        assertEquals("vsa-vaultserver-admission.vault-system.svc", endpoint.path("tlsConfig").path("serverName").asText());
        assertEquals("vsa-vaultserver-admission-tls", endpoint.path("tlsConfig").path("ca").path("secret").path("name").asText());
        assertEquals("vsa", monitor.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/instance").asText());
    }

    /** Every alert of the rendered PrometheusRule passes its unit tests with promtool, and each has one that fires. */
    @Test
    void everyAlertHasAPromtoolUnitTestThatPasses() throws Exception {
        JsonNode rule = only(render(Map.of("metrics.prometheusRule.enabled", "true", "audit.enabled", "true")), "PrometheusRule");
        Set<String> alerts = new TreeSet<>();
        rule.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> alerts.add(r.path("alert").asText())));
        assertEquals(7, alerts.size(), alerts.toString());

        JsonNode tests = YAML.readTree(ALERT_TESTS.toFile());
        Set<String> fired = new TreeSet<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode case_ : test.path("alert_rule_test")) {
                if (!case_.path("exp_alerts").isEmpty()) {
                    fired.add(case_.path("alertname").asText());
                }
            }
        }
        assertEquals(alerts, fired, "each alert has a test in which it fires");

        Path dir = Files.createTempDirectory("promtool");
        YAML.writeValue(dir.resolve("rules.yaml").toFile(), rule.path("spec"));
        Files.copy(ALERT_TESTS, dir.resolve("alerts-test.yaml"));
        String out = promtool(dir, "check", "rules", "rules.yaml");
        assertTrue(out.contains("SUCCESS: " + alerts.size() + " rules found"), out);
        out = promtool(dir, "test", "rules", "alerts-test.yaml");
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void theDashboardIsAConfigMapForGrafanasSidecar() throws IOException {
        JsonNode configMap = all(render(Map.of("metrics.grafanaDashboard.enabled", "true")), "ConfigMap").stream()
                .filter(c -> c.path("metadata").path("name").asText().equals("vsa-vaultserver-admission-dashboard")).findFirst().orElseThrow();
        assertEquals("1", configMap.path("metadata").path("labels").path("grafana_dashboard").asText());
        JsonNode dashboard = new ObjectMapper().readTree(configMap.path("data").path("vaultserver-admission.json").asText());
        assertEquals("vaultserver-admission", dashboard.path("uid").asText());
        assertTrue(dashboard.path("panels").size() >= 8);
    }

    /** The periodic audit runs only when audit.enabled says so, and its alert is rendered only then: no alert on a metric nothing makes. */
    @Test
    void thePeriodicAuditAndItsAlertComeWithAuditEnabled() throws IOException {
        List<JsonNode> off = render(Map.of("metrics.prometheusRule.enabled", "true"));
        assertFalse(only(off, "PrometheusRule").toString().contains("VaultServerAdmissionAuditViolations"));
        assertFalse(only(off, "Deployment").toString().contains("VAULTSERVER_ADMISSION_AUDIT_INTERVAL"));
        List<JsonNode> on = render(Map.of("metrics.prometheusRule.enabled", "true", "audit.enabled", "true", "audit.interval", "1h"));
        assertTrue(only(on, "PrometheusRule").toString().contains("VaultServerAdmissionAuditViolations"));
        JsonNode env = only(on, "Deployment").path("spec").path("template").path("spec").path("containers").get(0).path("env");
        assertTrue(env.toString().contains("{\"name\":\"VAULTSERVER_ADMISSION_AUDIT_INTERVAL\",\"value\":\"1h\"}"), env.toString());
    }

    /** Every metric of ours the alerts and the dashboard query is one the code registers, by its one name (MetricNames). */
    @Test
    void theAlertsAndTheDashboardQueryOnlyMetricsOfOurs() throws IOException {
        List<String> suffixes = List.of("", "_total", "_seconds_count", "_seconds_sum", "_seconds_bucket", "_seconds_max");
        for (String queried : metricNamesQueried()) {
            if (queried.startsWith("vaultserver_admission_")) {
                assertTrue(dev.vaultserver.admission.config.MetricNames.ALL.stream().anyMatch(name -> suffixes.contains(
                        queried.startsWith(name) ? queried.substring(name.length()) : "-")), queried + " is registered in MetricNames");
            }
        }
    }

    /** The metric names the alerts and the dashboard query (what ExportedMetricsTest checks the service exports). */
    public static Set<String> metricNamesQueried() throws IOException {
        JsonNode rule = only(render(Map.of("metrics.prometheusRule.enabled", "true", "audit.enabled", "true")), "PrometheusRule");
        StringBuilder queries = new StringBuilder();
        rule.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> queries.append(r.path("expr").asText()).append('\n')));
        JsonNode dashboard = new ObjectMapper().readTree(CHART_DASHBOARD.toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach(t -> queries.append(t.path("expr").asText()).append('\n'));
        }
        StreamSupport.stream(dashboard.path("templating").path("list").spliterator(), false)
                .forEach(v -> queries.append(v.path("query").path("query").asText()).append('\n'));
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(queries);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static final Path CHART_DASHBOARD = HelmChartTest.CHART.resolve("dashboards/vaultserver-admission.json");
    /** A metric name in PromQL: the project's own, the JVM's and the process's (up is Prometheus's own). */
    private static final Pattern METRIC = Pattern.compile("\\b((?:vaultserver_admission|jvm|process|http_server)_[a-z_]+)\\b");

    private static String promtool(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool finished");
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}
