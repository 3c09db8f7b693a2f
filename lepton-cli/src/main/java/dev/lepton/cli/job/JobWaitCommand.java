package dev.lepton.cli.job;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Units;
import dev.lepton.client.ApiException;
import dev.lepton.client.ServerUnreachableException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lepton job wait NAME}: blocks until the job ends. Exit status: 0 Succeeded, 1 Failed or
 * Cancelled, 124 when {@code --timeout} passes first, so scripts can chain on it. A server that
 * cannot be reached (restarting) is asked again every second within the same timeout, said on
 * stderr; one that never answered by then is exit 3, as for every other command.
 */
@Command(name = "wait", description = "Wait for a job to end; exit 0 if it succeeded, 1 if not, 124 on timeout. "
        + "Rides out a server restart within the timeout.")
public final class JobWaitCommand extends LeptonSubcommand {
    /** Each server-side wait stays short so that proxies and idle-connection limits never cut it. */
    static final Duration SLICE = Duration.ofSeconds(60);
    /** How long to pause between attempts to reach a server that went away. */
    static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);

    @Parameters(paramLabel = "NAME", description = "The job.")
    String name;

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "10m", converter = DurationText.class,
            description = "Give up after D, e.g. 30s, 5m, 2h (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    private boolean answered;
    private boolean away;

    @Override
    public Integer call() throws InterruptedException {
        Session session = session();
        Instant deadline = session.clock().instant().plus(timeout);
        Optional<ApiJob> job = Optional.empty();
        while (job.filter(JobText::isTerminal).isEmpty() && session.clock().instant().isBefore(deadline)) {
            // Asked plainly first, so that a wrong name fails at once; then long polls.
            Optional<ApiJob> now = job.isEmpty() ? ask(session, () -> session.client().job(session.project(), name))
                    : ask(session, () -> session.client().waitForJob(session.project(), name, slice(session, deadline)));
            if (now.isPresent()) {
                job = now;
            } else {
                Thread.sleep(Math.min(RECONNECT_PAUSE.toMillis(), left(session, deadline).toMillis()));
            }
        }
        if (job.filter(JobText::isTerminal).isPresent()) {
            session.output().show(job.get(), JobText::outcome);
            return JobText.succeeded(job.get()) ? ExitCode.OK.code() : ExitCode.FAILED.code();
        }
        if (job.isEmpty()) {
            throw new CliFailure(ExitCode.UNREACHABLE, "cannot reach the Lepton server at " + session.client().server() + " within "
                    + Units.exactDuration(timeout) + "; start it with `lepton server` or set --server / LEPTON_SERVER");
        }
        throw new CliFailure(ExitCode.TIMEOUT, JobText.ref(name) + " is still " + JobText.phase(job.get()) + " after "
                + Units.exactDuration(timeout) + "; wait longer with --timeout, or see why with 'lepton job explain " + name + "'");
    }

    /** One question; empty when the server cannot be reached now (it is restarting, or not up yet). */
    private Optional<ApiJob> ask(Session session, Supplier<ApiJob> question) {
        try {
            ApiJob job = question.get();
            if (away) {
                session.environment().err().println("lepton: the server at " + session.client().server() + " is back");
                away = false;
            }
            answered = true;
            return Optional.of(job);
        } catch (ServerUnreachableException | UncheckedIOException e) {
            return lost(session);
        } catch (ApiException e) {
            if (e.status() == 503) {
                return lost(session);
            }
            throw e;
        }
    }

    private Optional<ApiJob> lost(Session session) {
        if (!away) {
            session.environment().err().println("lepton: " + (answered ? "lost" : "cannot reach") + " the server at "
                    + session.client().server() + "; trying again every second until the timeout ("
                    + Units.exactDuration(timeout) + " in all) passes");
            away = true;
        }
        return Optional.empty();
    }

    private static Duration slice(Session session, Instant deadline) {
        Duration left = left(session, deadline);
        return left.compareTo(SLICE) < 0 ? left : SLICE;
    }

    private static Duration left(Session session, Instant deadline) {
        Duration left = Duration.between(session.clock().instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
