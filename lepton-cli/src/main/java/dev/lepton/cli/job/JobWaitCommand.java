package dev.lepton.cli.job;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Units;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lepton job wait NAME}: blocks until the job ends. Exit status: 0 Succeeded, 1 Failed or
 * Cancelled, 124 when {@code --timeout} passes first, so scripts can chain on it.
 */
@Command(name = "wait", description = "Wait for a job to end; exit 0 if it succeeded, 1 if not, 124 on timeout.")
public final class JobWaitCommand extends LeptonSubcommand {
    /** Each server-side wait stays short so that proxies and idle-connection limits never cut it. */
    static final Duration SLICE = Duration.ofSeconds(60);

    @Parameters(paramLabel = "NAME", description = "The job.")
    String name;

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "10m", converter = DurationText.class,
            description = "Give up after D, e.g. 30s, 5m, 2h (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        Session session = session();
        Instant deadline = session.clock().instant().plus(timeout);
        ApiJob job;
        do {
            Duration left = Duration.between(session.clock().instant(), deadline);
            Duration slice = left.isNegative() ? Duration.ZERO : left.compareTo(SLICE) < 0 ? left : SLICE;
            job = session.client().waitForJob(session.project(), name, slice);
            if (JobText.isTerminal(job)) {
                session.output().show(job, JobText::outcome);
                return JobText.succeeded(job) ? ExitCode.OK.code() : ExitCode.FAILED.code();
            }
        } while (session.clock().instant().isBefore(deadline));
        throw new CliFailure(ExitCode.TIMEOUT, JobText.ref(name) + " is still " + JobText.phase(job) + " after "
                + Units.exactDuration(timeout) + "; wait longer with --timeout, or see why with 'lepton job explain " + name + "'");
    }
}
