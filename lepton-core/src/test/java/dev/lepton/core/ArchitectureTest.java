package dev.lepton.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The core stays pure: no I/O, no frameworks, no clock and no unseeded randomness of its own.
 * Time and randomness come in as arguments ({@code now}, an {@code InstantSource}, a seeded generator).
 */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lepton.core");

    @Test
    void the_rules_look_at_the_whole_core() {
        assertThat(CORE.stream().map(c -> c.getPackageName()).distinct())
                .contains("dev.lepton.core.job", "dev.lepton.core.placement", "dev.lepton.core.execution", "dev.lepton.core.resource");
    }

    @Test
    void the_core_does_no_io_and_uses_no_framework() {
        noClasses().that().resideInAPackage("dev.lepton.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "java.net..", "java.sql..", "java.nio.file..", "io.javalin..", "com.fasterxml..", "org.slf4j..")
                .because("lepton-core is the pure domain; I/O, HTTP, JSON and logging live at the edges")
                .check(CORE);
    }

    @Test
    void the_core_starts_no_threads() {
        noClasses().that().resideInAPackage("dev.lepton.core..")
                .should().dependOnClassesThat().belongToAnyOf(Thread.class)
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
                .because("one thread owns each piece of state, and that thread lives in the server")
                .check(CORE);
    }

    @Test
    void nothing_in_the_core_reads_the_clock() {
        noClasses()
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .orShould().callMethod(OffsetDateTime.class, "now")
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .orShould().callMethod(InstantSource.class, "system")
                .because("time is injected, so tests run on simulated time")
                .check(CORE);
    }

    @Test
    void nothing_in_the_core_draws_unseeded_randomness() {
        noClasses()
                .should().callMethod(Math.class, "random")
                .orShould().callMethod(UUID.class, "randomUUID")
                .orShould().callMethod(ThreadLocalRandom.class, "current")
                .orShould().callConstructor(Random.class)
                .because("randomness is injected as a seeded generator, so runs repeat")
                .check(CORE);
    }
}
