package dev.lepton.cli.job;

import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.OptionalInt;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lepton job logs NAME}: a worker's output, passed through byte for byte as it arrives; of the
 * current attempt, or of an earlier one ({@code --attempt N}, {@code --previous}, as {@code kubectl logs --previous}).
 */
@Command(name = "logs", description = "Print a worker's output (stdout and stderr as the server keeps them).")
public final class JobLogsCommand extends LeptonSubcommand {
    private static final int CHUNK = 8192;

    @Parameters(paramLabel = "NAME", description = "The job.")
    String name;

    @Option(names = {"-w", "--worker"}, paramLabel = "RANK", defaultValue = "0", description = "Worker rank (default: ${DEFAULT-VALUE}).")
    int worker;

    @Option(names = {"-f", "--follow"}, description = "Keep printing until the worker ends.")
    boolean follow;

    @ArgGroup(exclusive = true)
    Which which;

    /** Which attempt: at most one of the two. */
    static final class Which {
        @Option(names = "--attempt", paramLabel = "N", description = "The log of attempt N (1 is the first run; default: the current one).")
        Integer attempt;

        @Option(names = {"-p", "--previous"}, description = "The log of the attempt before the current one.")
        boolean previous;
    }

    @Override
    public Integer call() {
        Session session = session();
        print(session, session.project(), name, worker, attempt(session), follow);
        return 0;
    }

    /** Prints one worker's log of one attempt (the current one when empty) to stdout as it arrives; {@code deploy logs} shows a replica's so. */
    public static void print(Session session, String project, String job, int worker, OptionalInt attempt, boolean follow) {
        try (InputStream logs = session.client().jobLogs(project, job, worker, attempt, follow)) {
            copy(logs, session.environment().out());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.UNREACHABLE, "the log stream of " + JobText.ref(job) + " broke off ("
                    + e.getMessage() + "); run the command again to see the rest");
        }
    }

    private OptionalInt attempt(Session session) {
        if (which == null) {
            return OptionalInt.empty();
        }
        if (which.attempt != null) {
            if (which.attempt < 1) {
                throw new CliFailure(ExitCode.USAGE, "--attempt: attempts are numbered from 1 (got " + which.attempt + ")");
            }
            return OptionalInt.of(which.attempt);
        }
        int current = session.client().job(session.project(), name).status().attempt();
        if (current < 2) {
            throw new CliFailure(ExitCode.FAILED, JobText.ref(name) + " has no previous attempt (it is on attempt " + current
                    + "); its log is 'lepton job logs " + name + "'");
        }
        return OptionalInt.of(current - 1);
    }

    /** Flushes after every read, so that {@code --follow} shows each line as the worker writes it. */
    static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[CHUNK];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }
}
