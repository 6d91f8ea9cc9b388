package dev.vaultserver.admission.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering ARCHITECTURE.md draws, kept by a test: dependencies point one way, from the entry point and
 * the transport through the adapters to the rule core, never back; no package cycles anywhere in the
 * service's own code. Run on the compiled classes of {@code src/main} (tests excluded).
 */
class ArchitectureTest {

    static final String ROOT = "dev.vaultserver.admission";

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    @Test
    void theRuleCoreKnowsNothingOfFrameworksOrTheCluster() {
        noClasses().that().resideInAPackage(ROOT + ".core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.quarkus..", "jakarta..", "javax.enterprise..", "io.vertx..", "io.netty..", "io.micrometer..",
                        "io.fabric8.kubernetes..", "io.smallrye..", "org.eclipse.microprofile..", "picocli..")
                .because("core/ holds the rules and defaults on the raw JSON tree; HTTP, Quarkus and the cluster client are adapters'")
                .check(main);
    }

    @Test
    void theRuleCoreDependsOnNothingOutsideIt() {
        noClasses().that().resideInAPackage(ROOT + ".core..")
                .should().dependOnClassesThat().resideOutsideOfPackages(ROOT + ".core..", "java..", "com.fasterxml.jackson..",
                        "io.fabric8.zjsonpatch..", "org.apache.commons.text..", "org.jboss.logging..")
                .check(main);
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void noCyclesBetweenTheRootAndItsPackages() {
        // (**) above does not take in the root package's own classes (Main, WebhookBeans): nothing may depend on them.
        noClasses().that().resideOutsideOfPackage(ROOT).and().resideInAPackage(ROOT + "..")
                .should().dependOnClassesThat().resideInAPackage(ROOT)
                .because("the root holds the entry point and the wiring, which depend on everything else")
                .check(main);
    }

    @Test
    void layersPointOneWay() {
        ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInAnyPackage(ROOT + "..")
                .layer("entry point and wiring").definedBy(ROOT)
                .layer("command line").definedBy(ROOT + ".cli..")
                .layer("service").definedBy(ROOT + ".service..")
                .layer("HTTP transport").definedBy(ROOT + ".http..")
                .layer("check and audit").definedBy(ROOT + ".checkaudit..")
                .layer("review codec").definedBy(ROOT + ".webhook..")
                .layer("Kubernetes adapters").definedBy(ROOT + ".kubernetes..")
                .layer("local adapters").definedBy(ROOT + ".local..")
                .layer("logging").definedBy(ROOT + ".logging..")
                .layer("configuration").definedBy(ROOT + ".config..")
                .layer("rule core").definedBy(ROOT + ".core..")
                .whereLayer("entry point and wiring").mayNotBeAccessedByAnyLayer()
                .whereLayer("command line").mayOnlyBeAccessedByLayers("entry point and wiring")
                .whereLayer("service").mayOnlyBeAccessedByLayers("entry point and wiring")
                .whereLayer("HTTP transport").mayOnlyBeAccessedByLayers("entry point and wiring")
                .whereLayer("logging").mayOnlyBeAccessedByLayers("entry point and wiring")
                .whereLayer("check and audit").mayOnlyBeAccessedByLayers("entry point and wiring", "command line", "service")
                .whereLayer("review codec").mayOnlyBeAccessedByLayers("entry point and wiring", "HTTP transport", "check and audit")
                .whereLayer("Kubernetes adapters").mayOnlyBeAccessedByLayers("entry point and wiring", "check and audit", "command line", "service")
                .whereLayer("local adapters").mayOnlyBeAccessedByLayers("entry point and wiring", "check and audit", "command line")
                .whereLayer("configuration").mayOnlyBeAccessedByLayers("entry point and wiring", "service", "HTTP transport",
                        "logging", "Kubernetes adapters", "local adapters")
                .whereLayer("rule core").mayOnlyBeAccessedByLayers("entry point and wiring", "command line", "service", "HTTP transport",
                        "check and audit", "review codec", "Kubernetes adapters", "local adapters");
        layers.check(main);
    }

    @Test
    void checkAndAuditKnowNothingOfTheServiceFramework() {
        noClasses().that().resideInAPackage(ROOT + ".checkaudit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "io.micrometer..", "io.vertx..",
                        ROOT + ".config..")
                .because("check and audit run in the command line as well; the service's periodic audit is in service/")
                .check(main);
    }

    @Test
    void rulePackagesSplitByContract() {
        classes().that().implement(ROOT + ".core.rule.ObjectRule").should().resideInAPackage(ROOT + ".core.validation")
                .because("core/validation holds the rules about the object alone").check(main);
        classes().that().implement(ROOT + ".core.rule.WriteRule").and().doNotHaveSimpleName("TenantPolicyRule")
                .should().resideInAPackage(ROOT + ".core.guard")
                .because("core/guard holds the rules about a write and a delete; the tenant policy's one rule lives with the policy it applies")
                .check(main);
        classes().that().implement(ROOT + ".core.rule.DeleteRule").should().resideInAPackage(ROOT + ".core.guard").check(main);
    }

    @Test
    void adaptersDoNotReachIntoEachOther() {
        noClasses().that().resideInAPackage(ROOT + ".kubernetes..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".local..", ROOT + ".http..", ROOT + ".checkaudit..", ROOT + ".cli..")
                .check(main);
        noClasses().that().resideInAPackage(ROOT + ".local..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".kubernetes..", ROOT + ".http..", ROOT + ".checkaudit..", ROOT + ".cli..")
                .check(main);
    }
}
