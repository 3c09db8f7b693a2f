package dev.lepton.dist;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module arrows of DESIGN.md, checked on the built classes of every module. */
class ModuleDependenciesTest {
    static JavaClasses lepton;

    @BeforeAll
    static void importClasses() {
        lepton = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.lepton");
    }

    @Test
    void the_core_depends_on_no_other_module() {
        noClasses().that().resideInAPackage("dev.lepton.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lepton.api..", "dev.lepton.store..", "dev.lepton.node..",
                        "dev.lepton.server..", "dev.lepton.client..", "dev.lepton.cli..", "dev.lepton.serving..")
                .check(lepton);
    }

    @Test
    void the_model_server_depends_on_the_core_alone() {
        noClasses().that().resideInAPackage("dev.lepton.serving..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lepton.api..", "dev.lepton.client..", "dev.lepton.cli..",
                        "dev.lepton.store..", "dev.lepton.node..", "dev.lepton.server..", "dev.lepton.kubernetes..", "dev.lepton.slurm..",
                        "dev.lepton.sim..", "dev.lepton.dist..")
                .check(lepton);
    }

    @Test
    void the_wire_format_and_the_client_know_nothing_of_the_domain_or_the_server() {
        noClasses().that().resideInAnyPackage("dev.lepton.api..", "dev.lepton.client..", "dev.lepton.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lepton.core..", "dev.lepton.store..", "dev.lepton.node..",
                        "dev.lepton.server..")
                .check(lepton);
    }

    @Test
    void backends_depend_on_the_core_spi_never_on_each_other_or_the_server() {
        noClasses().that().resideInAPackage("dev.lepton.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lepton.node..", "dev.lepton.server..", "dev.lepton.api..")
                .check(lepton);
        noClasses().that().resideInAPackage("dev.lepton.node..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lepton.store..", "dev.lepton.server..", "dev.lepton.api..")
                .check(lepton);
    }

    @Test
    void the_server_packages_have_no_cycles_between_them() {
        slices().matching("dev.lepton.server.(*)..").should().beFreeOfCycles().check(lepton);
    }
}
