package dev.lepton.node.process;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts a worker: {@code setsid} makes the wrapper shell the leader of a new
 * session and process group (it execs in place, so the pid Java sees is the group id), and the
 * shell runs the worker's command, then records its CPU time and exit status in the attempt
 * directory, each written to a temporary file and renamed so that readers never see half a file.
 */
final class WorkerWrapper {
    static final String SHELL = "/bin/sh";
    static final String SETSID = "setsid";

    /*
     * The TERM/INT trap keeps the wrapper alive through the group SIGTERM so that it can record how
     * the worker ended (128 + signal when the worker dies of it); POSIX defers a trap while the
     * shell waits for a foreground command, and the trap resets to the default in the worker on exec.
     * "times" prints the CPU time of the children this shell waited for: the worker and whatever
     * the worker itself waited for.
     */
    static final String SCRIPT = """
            trap ':' TERM INT
            "$@"
            code=$?
            times > %1$s.tmp && mv -f %1$s.tmp %1$s
            printf '%%s\\n' "$code" > %2$s.tmp && mv -f %2$s.tmp %2$s
            exit "$code"
            """.formatted(AttemptDirectory.CPU_TIMES, AttemptDirectory.EXIT_CODE);

    private WorkerWrapper() {}

    static List<String> command(List<String> workerCommand) {
        List<String> line = new ArrayList<>(List.of(SETSID, SHELL, "-c", SCRIPT, "lepton-worker"));
        line.addAll(workerCommand);
        return line;
    }
}
