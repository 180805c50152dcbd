package org.hpckernel.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The arrows of DESIGN.md, pinned: kernel → magic → features (sweep, tracking) → cluster → render/ledger,
 * the session between magic and the cluster, nothing below magic knowing magic, no package cycles.
 * (The kernel module is above all of these; it is another Maven module, so magics cannot see it.)
 */
class LayeringTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.hpckernel");

    @Test
    void layersOnlyUseTheLayersBelowThem() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("magic")
                .definedBy("org.hpckernel.magic..")
                .layer("session")
                .definedBy("org.hpckernel.session..")
                .layer("sweep")
                .definedBy("org.hpckernel.sweep..")
                .layer("tracking")
                .definedBy("org.hpckernel.tracking..")
                .layer("cluster")
                .definedBy("org.hpckernel.cluster..")
                .layer("render")
                .definedBy("org.hpckernel.render..")
                .layer("ledger")
                .definedBy("org.hpckernel.ledger..")
                .whereLayer("magic")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("session")
                .mayOnlyBeAccessedByLayers("magic", "sweep", "tracking")
                .whereLayer("sweep")
                .mayOnlyBeAccessedByLayers("magic")
                .whereLayer("tracking")
                .mayOnlyBeAccessedByLayers("magic", "sweep")
                .whereLayer("cluster")
                .mayOnlyBeAccessedByLayers("magic", "session", "sweep", "tracking")
                .whereLayer("render")
                .mayOnlyBeAccessedByLayers("magic", "session", "sweep", "tracking", "cluster")
                .whereLayer("ledger")
                .mayOnlyBeAccessedByLayers("magic", "session", "sweep", "tracking", "cluster")
                .check(MAIN);
    }

    @Test
    void nothingBelowTheMagicLayerImportsIt() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.hpckernel.magic..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.hpckernel.magic..")
                .check(MAIN);
    }

    @Test
    void theTopLevelPackagesHaveNoCycles() {
        slices().matching("org.hpckernel.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theSchedulerProtocolDoesNotKnowItsSchedulersOrTransports() {
        // a scheduler is a few hooks over one protocol: cluster's own package never names an implementation
        noClasses()
                .that()
                .resideInAPackage("org.hpckernel.cluster")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.hpckernel.cluster.slurm..",
                        "org.hpckernel.cluster.sge..",
                        "org.hpckernel.cluster.pbs..",
                        "org.hpckernel.cluster.pjm..",
                        "org.hpckernel.cluster.local..",
                        "org.hpckernel.cluster.ssh..")
                .check(MAIN);
    }

    @Test
    void theSchedulerImplementationsDoNotKnowEachOther() {
        slices().matching("org.hpckernel.cluster.(slurm|sge|pbs|pjm|local|ssh)..")
                .should()
                .notDependOnEachOther()
                .check(MAIN);
    }

    @Test
    void jsonAndYamlMappersAreBuiltInOnePlace() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("org.hpckernel.Json")
                .should()
                .callConstructorWhere(com.tngtech.archunit.core.domain.JavaConstructorCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo(
                                        com.fasterxml.jackson.databind.ObjectMapper.class))))
                .orShould()
                .callMethod(com.fasterxml.jackson.databind.json.JsonMapper.class, "builder")
                .because("one Json holder configures every mapper once (issue 16)")
                .check(MAIN);
    }
}
