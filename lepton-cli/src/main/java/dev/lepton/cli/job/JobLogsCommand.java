package dev.lepton.cli.job;

import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lepton job logs NAME}: a worker's output, passed through byte for byte as it arrives. */
@Command(name = "logs", description = "Print a worker's output (stdout and stderr as the server keeps them).")
public final class JobLogsCommand extends LeptonSubcommand {
    private static final int CHUNK = 8192;

    @Parameters(paramLabel = "NAME", description = "The job.")
    String name;

    @Option(names = {"-w", "--worker"}, paramLabel = "RANK", defaultValue = "0", description = "Worker rank (default: ${DEFAULT-VALUE}).")
    int worker;

    @Option(names = {"-f", "--follow"}, description = "Keep printing until the worker ends.")
    boolean follow;

    @Override
    public Integer call() {
        Session session = session();
        try (InputStream logs = session.client().jobLogs(session.project(), name, worker, follow)) {
            copy(logs, session.environment().out());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.UNREACHABLE, "the log stream of " + JobText.ref(name) + " broke off ("
                    + e.getMessage() + "); run the command again to see the rest");
        }
        return 0;
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
