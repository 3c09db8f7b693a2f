package dev.lepton.node.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The command line that starts a worker: {@code setsid} makes the wrapper shell the leader of a new
 * session and process group (it execs in place, so the pid Java sees is the group id), and the
 * shell joins the attempt's control groups, runs the worker's command, then records its CPU time and
 * exit status in the attempt directory. Each record is one write of a few bytes, made by the shell
 * itself (a rename would cost two more processes per worker), and ends with a newline: a reader
 * takes a record only when it is whole, and the exit status is written last.
 */
final class WorkerWrapper {
    static final String SHELL = "/bin/sh";
    static final String SETSID = "setsid";
    /** The exit status recorded when the wrapper could not put the worker under its limits: it did not run. */
    static final int CANNOT_LIMIT = 125;

    /*
     * $1 is the attempt directory (the records' home, whatever the worker's working directory), $2 the
     * control files through which the shell joins its groups by writing 0 (itself) to each, separated
     * by spaces; the worker's argv follows. Joining first means the worker and everything it starts
     * are limited from their first instruction.
     * The TERM/INT traps keep the wrapper alive through the group SIGTERM so that it can record how
     * the worker ended (128 + signal when the worker dies of it); POSIX defers a trap while the
     * shell waits for a foreground command, and the trap resets to the default in the worker on exec.
     * A warning signal (USR1, USR2, HUP, QUIT: a job's checkpoint signal) is for the worker: the wrapper
     * ignores it, and the worker, which gets the default action back on exec, handles it or dies of it.
     * A stop that arrives before the worker has started (while the wrapper joins its groups) means
     * the worker never starts, and the wrapper records 128 + signal as if it had died of it.
     * "times" prints the CPU time of the children this shell waited for: the worker and whatever
     * the worker itself waited for.
     */
    static final String SCRIPT = """
            stopped=0; trap 'stopped=143' TERM; trap 'stopped=130' INT; trap ':' USR1 USR2 HUP QUIT
            records=$1; joins=$2; shift 2; code=0
            for f in $joins; do echo 0 > "$f" || { echo "lepton: cannot join control group ${f%%/*}" >&2; code=%3$d; }; done
            if [ "$stopped" -ne 0 ]; then code=$stopped; elif [ "$code" -eq 0 ]; then "$@"; code=$?; fi
            times > "$records/%1$s"
            printf '%%s\\n' "$code" > "$records/%2$s"
            exit "$code"
            """.formatted(AttemptDirectory.CPU_TIMES, AttemptDirectory.EXIT_CODE, CANNOT_LIMIT);

    private WorkerWrapper() {}

    static List<String> command(Path records, List<Path> joins, List<String> workerCommand) {
        List<String> line = new ArrayList<>(List.of(SETSID, SHELL, "-c", SCRIPT, "lepton-worker", records.toAbsolutePath().toString(),
                joins.stream().map(Path::toString).collect(Collectors.joining(" "))));
        line.addAll(workerCommand);
        return line;
    }
}
