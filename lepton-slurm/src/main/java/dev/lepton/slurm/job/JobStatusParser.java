package dev.lepton.slurm.job;

import dev.lepton.slurm.SlurmTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads job statuses from {@code squeue --Format=}{@value SlurmJobs#SQUEUE_FIELDS} (exit as a wait
 * status) and {@code sacct --parsable2 --format=}{@value SlurmJobs#SACCT_FIELDS} (exit as
 * {@code code:signal}). Lines that are not a job's (a step's {@code 12.batch}, a header) are skipped;
 * when a job appears twice, the last line wins.
 */
final class JobStatusParser {
    private JobStatusParser() {}

    static Map<SlurmJobId, SlurmJobStatus> squeue(String text) {
        return parse(text, 8, exit -> SlurmExit.fromWaitStatus(exit));
    }

    static Map<SlurmJobId, SlurmJobStatus> sacct(String text) {
        return parse(text, 7, SlurmExit::parse);
    }

    private static Map<SlurmJobId, SlurmJobStatus> parse(String text, int fields, Function<String, Optional<SlurmExit>> exitOf) {
        Map<SlurmJobId, SlurmJobStatus> statuses = new LinkedHashMap<>();
        boolean hasReason = fields == 8;
        for (String line : SlurmJobs.lines(text)) {
            String[] f = line.split("\\|", -1);
            if (f.length != fields || !f[0].matches("\\d+")) {
                continue;
            }
            int i = 0;
            SlurmJobId id = SlurmJobId.parse(f[i++]);
            Optional<String> name = present(f[i++]);
            SlurmJobState state = SlurmJobState.parse(f[i++]);
            Optional<String> reason = hasReason ? present(f[i++]).filter(r -> !r.equals("None")) : Optional.empty();
            Optional<SlurmExit> exit = state.ended() ? exitOf.apply(f[i++]) : skip(f[i++]);
            Optional<String> nodes = present(f[i++]);
            Optional<Instant> start = state.phase() == SlurmJobState.Phase.QUEUED ? skip(f[i++]) : SlurmTime.instant(f[i++]);
            Optional<Instant> end = state.ended() ? SlurmTime.instant(f[i++]) : skip(f[i++]);
            statuses.put(id, new SlurmJobStatus(id, name, state, reason, exit, nodes, start, end));
        }
        return statuses;
    }

    private static Optional<String> present(String field) {
        String value = field.strip();
        return value.isEmpty() || value.equals("(null)") || value.equals("None assigned") ? Optional.empty() : Optional.of(value);
    }

    /** A field that means nothing in this state (an expected start, an expected end). */
    private static <T> Optional<T> skip(String field) {
        return Optional.empty();
    }
}
