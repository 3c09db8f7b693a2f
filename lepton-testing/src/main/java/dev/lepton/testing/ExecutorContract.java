package dev.lepton.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.LogAccess;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.WorkerExit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Executor} promises the control plane, as one set of scenarios that each
 * executor's test class runs by extending this one: the real local executor and the fake alike, so
 * that tests on the fake mean something about the real thing.
 *
 * <p>A subclass says how its workers are made to end. Its workers run until the test ends them,
 * and print {@link #greeting} as their first line (a real worker prints it; a fake one is told to).
 */
public abstract class ExecutorContract {
    private static final Duration QUIET = Duration.ofMillis(300);

    /** A fresh executor; the contract registers its own observer. */
    protected abstract Executor executor();

    /** The control plane goes away ({@code previous} stops watching, its workers run on) and a new executor starts. */
    protected abstract Executor restart(Executor previous);

    /** A worker that prints {@link #greeting} and then runs until {@link #end} or a stop ends it. */
    protected abstract LaunchSpec worker(AttemptId attempt);

    /** The worker exits on its own with {@code code}. */
    protected abstract void end(AttemptId attempt, int code);

    /** After a {@link #restart}, the worker exits with {@code code} while nobody watches; returns once it has. */
    protected abstract void endUnwatched(AttemptId attempt, int code);

    /** Starts the worker; a subclass may also track it (to clean up) or simulate its output. */
    protected ProcessRef launch(Executor executor, LaunchSpec spec) {
        return executor.launch(spec);
    }

    protected static String greeting(AttemptId attempt) {
        return "hello from " + attempt + "\n";
    }

    /** Every exit one executor reported. */
    protected static final class Exits implements Consumer<WorkerExit> {
        private final List<WorkerExit> exits = new CopyOnWriteArrayList<>();

        @Override
        public void accept(WorkerExit exit) {
            exits.add(exit);
        }

        public List<WorkerExit> of(AttemptId attempt) {
            return exits.stream().filter(e -> e.attempt().equals(attempt)).toList();
        }

        /** Waits for the attempt's exit, then checks that no second report follows. */
        public WorkerExit awaitOnlyExit(AttemptId attempt) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !of(attempt).isEmpty());
            await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> of(attempt).size() == 1);
            return of(attempt).getFirst();
        }

        public boolean isEmpty() {
            return exits.isEmpty();
        }
    }

    private static AttemptId newAttempt() {
        return new AttemptId("contract-" + UUID.randomUUID(), 1, 0);
    }

    private Executor observed(Executor executor, Exits exits) {
        executor.observe(exits);
        return executor;
    }

    @Test
    void a_launched_worker_has_a_process_and_its_exit_is_reported_once_with_its_code() {
        Exits exits = new Exits();
        Executor executor = observed(executor(), exits);
        AttemptId attempt = newAttempt();

        ProcessRef process = launch(executor, worker(attempt));
        end(attempt, 3);

        assertThat(process.attempt()).isEqualTo(attempt);
        // Opaque to the server; a local process also has its pid.
        assertThat(process.handle()).isNotBlank();
        process.pid().ifPresent(pid -> assertThat(pid).isPositive());
        assertThat(exits.awaitOnlyExit(attempt).exitCode()).contains(3);
    }

    @Test
    void launching_an_attempt_that_runs_is_refused_as_a_failed_launch_and_the_first_runs_on() {
        Exits exits = new Exits();
        Executor executor = observed(executor(), exits);
        AttemptId attempt = newAttempt();
        launch(executor, worker(attempt));

        assertThatThrownBy(() -> executor.launch(worker(attempt))).isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining(attempt.toString()).hasMessageContaining("already running");

        end(attempt, 0);
        assertThat(exits.awaitOnlyExit(attempt).exitCode()).contains(0);
    }

    @Test
    void a_stopped_worker_ends_within_its_grace_and_its_exit_is_reported_once() {
        Exits exits = new Exits();
        Executor executor = observed(executor(), exits);
        AttemptId attempt = newAttempt();
        launch(executor, worker(attempt));

        executor.stop(attempt, Duration.ofMinutes(5));
        executor.stop(attempt, Duration.ofMinutes(5));

        // SIGTERM settles it long before the grace: 128 + 15, as a shell reports it.
        assertThat(exits.awaitOnlyExit(attempt).exitCode()).contains(143);
    }

    @Test
    void stopping_an_attempt_that_is_not_running_does_nothing() {
        Exits exits = new Exits();
        Executor executor = observed(executor(), exits);

        assertThatCode(() -> executor.stop(newAttempt(), Duration.ZERO)).doesNotThrowAnyException();
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(exits::isEmpty);
    }

    @Test
    void after_a_restart_recover_finds_a_running_worker_and_the_new_executor_reports_its_exit() {
        Exits before = new Exits();
        Executor first = observed(executor(), before);
        AttemptId attempt = newAttempt();
        ProcessRef process = launch(first, worker(attempt));

        Exits after = new Exits();
        Executor second = observed(restart(first), after);
        Map<AttemptId, ProcessRef> found = second.recover(Set.of(attempt, newAttempt()));
        end(attempt, 0);

        assertThat(found).containsOnlyKeys(attempt);
        assertThat(found.get(attempt).handle()).isEqualTo(process.handle());
        assertThat(after.awaitOnlyExit(attempt).exitCode()).contains(0);
        assertThat(before.of(attempt)).isEmpty();
    }

    @Test
    void leftover_reports_the_exit_of_a_worker_that_ended_while_nobody_watched() {
        Executor first = observed(executor(), new Exits());
        AttemptId attempt = newAttempt();
        launch(first, worker(attempt));

        Executor second = observed(restart(first), new Exits());
        endUnwatched(attempt, 4);

        assertThat(second.recover(Set.of(attempt))).isEmpty();
        assertThat(second.leftover(attempt).flatMap(WorkerExit::exitCode)).contains(4);
        assertThat(second.leftover(attempt)).as("asked again, the same answer").isEqualTo(second.leftover(attempt));
        assertThat(second.leftover(newAttempt())).isEmpty();
    }

    @Test
    void a_worker_log_is_read_from_any_offset_where_the_executor_keeps_logs() {
        Executor executor = observed(executor(), new Exits());
        if (!(executor instanceof LogAccess logs)) {
            return; // an optional capability
        }
        AttemptId attempt = newAttempt();
        launch(executor, worker(attempt));

        await().atMost(Duration.ofSeconds(30)).until(() -> read(logs, attempt, 0).equals(Optional.of(greeting(attempt))));
        assertThat(read(logs, attempt, "hello ".length())).contains(greeting(attempt).substring("hello ".length()));
        assertThat(logs.openLog(newAttempt(), 0)).isEmpty();
        end(attempt, 0);
    }

    private static Optional<String> read(LogAccess logs, AttemptId attempt, long offset) {
        return logs.openLog(attempt, offset).map(in -> {
            try (InputStream stream = in) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
