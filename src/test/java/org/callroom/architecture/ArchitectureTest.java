package org.callroom.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dependencies run one way, signaling → room → protocol (and signaling → ice, admission or auth → protocol), and no two
 * packages import each other. The same rules are run against {@code fixture}, which breaks each of them, so that a rule that stops
 * catching anything fails here too.
 */
class ArchitectureTest {

    private static final String ROOT = "org.callroom";
    private static final String FIXTURE = ROOT + ".architecture.fixture";

    /** The rules for the packages under {@code root}. */
    static List<ArchRule> rules(String root) {
        return List.of(
                slices().matching(root + ".(**)").should().beFreeOfCycles()
                        .as("no two packages under " + root + " import each other"),
                noClasses().that().resideInAnyPackage(root + ".protocol..", root + ".room..")
                        .should().dependOnClassesThat().resideInAnyPackage("jakarta.websocket..", root + ".signaling..")
                        .as("protocol and room import neither jakarta.websocket nor signaling"),
                noClasses().that().resideInAPackage(root + ".auth..")
                        .should().dependOnClassesThat().resideInAnyPackage("jakarta.websocket..", root + ".signaling..", root + ".room..")
                        .as("auth imports neither jakarta.websocket, signaling nor room"),
                layeredArchitecture().consideringOnlyDependenciesInLayers()
                        .layer("protocol").definedBy(root + ".protocol..")
                        .layer("room").definedBy(root + ".room..")
                        .layer("ice").definedBy(root + ".ice..")
                        .layer("admission").definedBy(root + ".admission..")
                        .layer("auth").definedBy(root + ".auth..")
                        .layer("signaling").definedBy(root + ".signaling..")
                        .layer("embed").definedBy(root + ".embed..")
                        .layer("api").definedBy(root + ".api..")
                        .layer("metrics").definedBy(root + ".metrics..")
                        .whereLayer("signaling").mayNotBeAccessedByAnyLayer()
                        .whereLayer("embed").mayNotBeAccessedByAnyLayer()
                        .whereLayer("api").mayNotBeAccessedByAnyLayer()
                        .whereLayer("room").mayOnlyBeAccessedByLayers("signaling", "api", "metrics")
                        .whereLayer("metrics").mayOnlyBeAccessedByLayers("signaling", "api")
                        .whereLayer("ice").mayOnlyBeAccessedByLayers("signaling")
                        .whereLayer("admission").mayOnlyBeAccessedByLayers("signaling", "embed")
                        .whereLayer("auth").mayOnlyBeAccessedByLayers("signaling", "api")
                        .withOptionalLayers(true)
                        .as("dependencies under " + root + " run signaling → room/ice/admission/auth → protocol, embed → admission"));
    }

    @Test
    void callroomKeepsItsLayers() {
        JavaClasses production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
        assertTrue(production.size() > 20, "imported " + production.size() + " classes");
        rules(ROOT).forEach(rule -> rule.check(production));
    }

    @Test
    void eachRuleCatchesTheFixtureThatBreaksIt() {
        JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);
        for (ArchRule rule : rules(FIXTURE)) {
            assertTrue(rule.evaluate(fixture).hasViolation(), "the fixture breaks: " + rule.getDescription());
        }
    }
}
