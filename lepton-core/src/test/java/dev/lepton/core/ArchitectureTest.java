package dev.lepton.core;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.conditions.ArchConditions.accessTargetWhere;
import static com.tngtech.archunit.lang.conditions.ArchConditions.onlyHaveDependenciesWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.lepton.core.execution.LogAccess;
import dev.lepton.core.execution.LogFollow;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.Timer;
import java.util.TimerTask;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The core stays pure: no I/O, no processes, no environment, no clock, no threads and no unseeded
 * randomness of its own; all of these come in as arguments ({@code now}, an {@code InstantSource},
 * a seeded generator) from the modules at the edge. Each rule is also run against {@link ImpureCode},
 * so a rule that could not fail (a typo in a package name, a call rule blind to method references)
 * fails here instead of passing for ever.
 */
class ArchitectureTest {
    private static final String CORE_PACKAGES = "dev.lepton.core..";
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lepton.core");
    private static final JavaClasses IMPURE = new ClassFileImporter().importClasses(ImpureCode.class.getDeclaredClasses());

    /**
     * The executor SPI's log streams: {@link LogAccess} and {@link LogFollow} hand the server a worker's log
     * as an {@link InputStream}, opened and read at the edge. The core names the type and reads nothing.
     */
    private static final DescribedPredicate<Dependency> THE_SPI_LOG_STREAM = describe("LogAccess or LogFollow naming InputStream",
            d -> (d.getOriginClass().isEquivalentTo(LogAccess.class) || d.getOriginClass().isEquivalentTo(LogFollow.class))
                    && d.getTargetClass().isEquivalentTo(InputStream.class));

    static final ArchRule NO_IO = classes().that().resideInAPackage(CORE_PACKAGES)
            .should(onlyHaveDependenciesWhere(THE_SPI_LOG_STREAM.or(describe("the target does no I/O",
                    d -> !inAnyPackage(d.getTargetClass(), "java.io", "java.nio.file", "java.nio.channels", "java.net", "java.sql")))))
            .because("lepton-core is the pure domain; files, sockets, consoles and databases live at the edges");

    static final ArchRule NO_FRAMEWORK = noClasses().that().resideInAPackage(CORE_PACKAGES)
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "com.fasterxml..", "org.slf4j..", "org.jdbi..",
                    "picocli..", "ch.qos.logback..")
            .because("HTTP, JSON, SQL and logging live at the edges");

    static final ArchRule NO_PROCESSES = noClasses().that().resideInAPackage(CORE_PACKAGES)
            .should().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class, Process.class, ProcessHandle.class, Runtime.class)
            .because("processes are the executors' business (lepton-node, lepton-kubernetes, lepton-slurm)");

    static final ArchRule NO_ENVIRONMENT = noClasses().that().resideInAPackage(CORE_PACKAGES)
            .should(accessTargetWhere(anyOf(
                    anyOverload(System.class, "getenv"), anyOverload(System.class, "getProperty"),
                    anyOverload(System.class, "getProperties"), anyOverload(System.class, "setProperty"),
                    anyOverload(System.class, "exit"), anyOverload(Integer.class, "getInteger"),
                    anyOverload(Long.class, "getLong"), anyOverload(Boolean.class, "getBoolean"))))
            .because("settings reach the core as config records built at the edge, so a test states every one");

    static final ArchRule NO_CLOCK = noClasses().that().resideInAPackage(CORE_PACKAGES)
            .should(accessTargetWhere(anyOf(
                    withoutArguments(Instant.class, "now"), withoutArguments(LocalDateTime.class, "now"),
                    withoutArguments(LocalDate.class, "now"), withoutArguments(LocalTime.class, "now"),
                    withoutArguments(ZonedDateTime.class, "now"), withoutArguments(OffsetDateTime.class, "now"),
                    anyOverload(System.class, "currentTimeMillis"), anyOverload(System.class, "nanoTime"),
                    anyOverload(Clock.class, "systemUTC"), anyOverload(Clock.class, "systemDefaultZone"),
                    anyOverload(InstantSource.class, "system"))))
            .because("time is injected, so tests run on simulated time");

    static final ArchRule NO_THREADS = noClasses().that().resideInAPackage(CORE_PACKAGES)
            .should().dependOnClassesThat().belongToAnyOf(Thread.class, ThreadGroup.class, Timer.class, TimerTask.class)
            .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
            .orShould(accessTargetWhere(anyOf(anyOverload(Object.class, "wait"), anyOverload(Object.class, "notify"),
                    anyOverload(Object.class, "notifyAll"))))
            .because("one thread owns each piece of state, and that thread lives in the server");

    static final ArchRule NO_UNSEEDED_RANDOMNESS = noClasses().that().resideInAPackage(CORE_PACKAGES)
            .should(accessTargetWhere(anyOf(
                    anyOverload(Math.class, "random"), anyOverload(StrictMath.class, "random"), anyOverload(UUID.class, "randomUUID"),
                    anyOverload(ThreadLocalRandom.class, "current"), withoutArguments(Random.class, "<init>"),
                    withoutArguments(SplittableRandom.class, "<init>"), anyOverload(SecureRandom.class, "<init>"),
                    anyOverload(RandomGenerator.class, "getDefault"), anyOverload(RandomGenerator.class, "of"))))
            .because("randomness is injected as a seeded generator, so runs repeat");

    @Test
    void the_rules_look_at_the_whole_core() {
        assertThat(CORE.stream().map(JavaClass::getPackageName).distinct())
                .contains("dev.lepton.core.job", "dev.lepton.core.placement", "dev.lepton.core.execution", "dev.lepton.core.resource",
                        "dev.lepton.core.policy", "dev.lepton.core.quota", "dev.lepton.core.energy");
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("no I/O", NO_IO, List.of("ReadsAFile", "WritesToTheConsole", "ListsADirectory")),
                Arguments.of("no framework", NO_FRAMEWORK, List.of("LogsThroughAFramework")),
                Arguments.of("no processes", NO_PROCESSES, List.of("StartsAProcess", "LooksAtItsOwnProcess")),
                Arguments.of("no environment", NO_ENVIRONMENT, List.of("ReadsTheEnvironment", "ReadsASystemProperty", "ReadsAllVariables")),
                Arguments.of("no clock", NO_CLOCK, List.of("ReadsTheClockByReference", "ReadsTheClockByCall", "ReadsTheMonotonicClock")),
                Arguments.of("no threads", NO_THREADS, List.of("StartsAThread", "SchedulesATimer", "SleepsOnAMonitor")),
                Arguments.of("no unseeded randomness", NO_UNSEEDED_RANDOMNESS, List.of("DrawsUnseededRandomness")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void the_core_keeps_the_rule(String name, ArchRule rule, List<String> impure) {
        rule.check(CORE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void the_rule_finds_the_impure_code_written_against_it(String name, ArchRule rule, List<String> impure) {
        List<String> violations = rule.evaluate(IMPURE).getFailureReport().getDetails();
        for (String sinner : impure) {
            assertThat(violations).as(name + " finds " + sinner).anyMatch(v -> v.contains("ImpureCode$" + sinner));
        }
    }

    @Test
    void every_impure_class_breaks_some_rule() {
        List<String> caught = rules().flatMap(a -> ((List<?>) a.get()[2]).stream()).map(Object::toString).toList();
        assertThat(Arrays.stream(ImpureCode.class.getDeclaredClasses()).map(Class::getSimpleName))
                .containsExactlyInAnyOrderElementsOf(caught);
    }

    private static boolean inAnyPackage(JavaClass type, String... packages) {
        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
        return Arrays.stream(packages).anyMatch(p -> base.getPackageName().equals(p) || base.getPackageName().startsWith(p + "."));
    }

    @SafeVarargs
    private static DescribedPredicate<JavaAccess<?>> anyOf(DescribedPredicate<AccessTarget>... targets) {
        DescribedPredicate<AccessTarget> any = targets[0];
        for (int i = 1; i < targets.length; i++) {
            any = any.or(targets[i]);
        }
        return JavaAccess.Predicates.target(any);
    }

    /** A method, constructor ({@code <init>}) or field of {@code owner}, whatever its parameters; called or referenced. */
    private static DescribedPredicate<AccessTarget> anyOverload(Class<?> owner, String name) {
        return describe(owner.getSimpleName() + "." + name,
                t -> t.getOwner().isEquivalentTo(owner) && t.getName().equals(name));
    }

    /** The overload of {@code name} that takes nothing: {@code Instant.now()} reads the system clock, {@code Instant.now(clock)} does not. */
    private static DescribedPredicate<AccessTarget> withoutArguments(Class<?> owner, String name) {
        return describe(owner.getSimpleName() + "." + name + "()", t -> t.getOwner().isEquivalentTo(owner) && t.getName().equals(name)
                && t instanceof CodeUnitAccessTarget unit && unit.getRawParameterTypes().isEmpty());
    }
}
