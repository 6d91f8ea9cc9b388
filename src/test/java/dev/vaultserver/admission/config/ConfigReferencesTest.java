package dev.vaultserver.admission.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the configuration files name exists: the classes application.properties explains itself by, the files and
 * README sections values.yaml points to, and the settings the chart's Deployment sets through its env block.
 */
class ConfigReferencesTest {

    private static final Path MAIN = Path.of("src/main/java/dev/vaultserver/admission");
    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path VALUES = Path.of("helm/vaultserver-admission/values.yaml");
    private static final Path DEPLOYMENT = Path.of("helm/vaultserver-admission/templates/deployment.yaml");

    @Test
    void everyClassApplicationPropertiesNamesExists() throws IOException {
        List<String> missing = new ArrayList<>();
        Matcher name = Pattern.compile("\\b(?:([a-z]+)/)?([A-Z][a-z]+(?:[A-Z][a-z]+)+)\\b").matcher(Files.readString(PROPERTIES));
        int named = 0;
        while (name.find()) {
            named++;
            if (!classExists(name.group(1), name.group(2))) {
                missing.add(name.group());
            }
        }
        assertTrue(named > 0, "application.properties names the classes that do the work");
        assertEquals(List.of(), missing);
    }

    @Test
    void everyFileAndReadmeSectionValuesYamlPointsToExists() throws IOException {
        String values = Files.readString(VALUES);
        List<String> missing = new ArrayList<>();
        Matcher path = Pattern.compile("\\b((?:src|docs|scripts|helm|e2e|bench|examples|certs)/[A-Za-z0-9_./-]+[A-Za-z0-9])").matcher(values);
        while (path.find()) {
            if (!Files.exists(Path.of(path.group(1)))) {
                missing.add(path.group(1));
            }
        }
        String readme = Files.readString(Path.of("README.md"));
        Matcher section = Pattern.compile("README \"([^\"]+)\"").matcher(values);
        while (section.find()) {
            if (!Pattern.compile("(?m)^#+ " + Pattern.quote(section.group(1)) + "\\s*$").matcher(readme).find()) {
                missing.add("README section " + section.group(1));
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyOfOurSettingsTheChartSetsIsOneTheServiceReads() throws IOException {
        Set<String> known = new TreeSet<>();
        settings("vaultserver-admission", AdmissionConfig.class, known);
        Set<String> set = new TreeSet<>();
        Matcher env = Pattern.compile("- name: (VAULTSERVER_ADMISSION_[A-Z0-9_]+)").matcher(Files.readString(DEPLOYMENT));
        while (env.find()) {
            set.add(env.group(1));
        }
        assertFalse(set.isEmpty(), "the chart sets settings of ours");
        Set<String> unknown = new TreeSet<>(set);
        unknown.removeAll(known.stream().map(ConfigReferencesTest::environmentName).toList());
        assertEquals(Set.of(), unknown, "known: " + known);
    }

    /** Every property of a config mapping: {@code vaultserver-admission.policy.file}. */
    private static void settings(String prefix, Class<?> mapping, Set<String> into) {
        for (Method method : mapping.getDeclaredMethods()) {
            String name = prefix + "." + method.getName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
            if (method.getReturnType().isInterface() && method.getReturnType().getName().startsWith(AdmissionConfig.class.getName() + "$")) {
                settings(name, method.getReturnType(), into);
            } else {
                into.add(name);
            }
        }
    }

    /** MicroProfile Config's environment name of a property: upper case, every other character an underscore. */
    private static String environmentName(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static boolean classExists(String pkg, String simpleName) throws IOException {
        if (pkg != null) {
            return Files.exists(MAIN.resolve(pkg).resolve(simpleName + ".java"));
        }
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.anyMatch(f -> f.getFileName().toString().equals(simpleName + ".java"));
        }
    }
}
