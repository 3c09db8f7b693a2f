package dev.lepton.sim.trace;

import dev.lepton.core.resource.Accelerators;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Philly job log as the Pollux artifact ships it: {@code timestamp,duration,num_gpus,gpu_time,cluster},
 * rows unsorted, timestamps {@code YYYY-MM-DD HH:MM:SS} (UTC). Job ids are {@code philly-<line>}.
 * Submissions become milliseconds from the earliest one.
 */
public final class PhillyTrace {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final List<String> REQUIRED = List.of("timestamp", "duration", "num_gpus");

    private PhillyTrace() {}

    /** Every job of the file. */
    public static List<TraceJob> load(Path file) {
        return load(file, false);
    }

    /** As {@link #load(Path, boolean)}; the log names no GPU type, so every job asks for devices of {@code accelerator}. */
    public static List<TraceJob> load(Path file, boolean polluxFilter, String accelerator) {
        List<TraceJob> jobs = load(file, polluxFilter);
        return Accelerators.NVIDIA_GPU.equals(accelerator) ? jobs : jobs.stream().map(j -> j.onAccelerator(accelerator)).toList();
    }

    /**
     * @param polluxFilter keep only what the Pollux artifact's {@code workload.py} samples from: run
     *     time of at least 60 s and under 1,000 GPU-hours
     */
    public static List<TraceJob> load(Path file, boolean polluxFilter) {
        List<long[]> rows = new ArrayList<>();
        CsvTable.read(file, REQUIRED, row -> {
            long submitted = timestamp(row);
            double duration = row.nonNegative("duration");
            int gpus = row.wholeNumber("num_gpus", 1);
            if (!polluxFilter || duration >= 60 && duration * gpus < 1000 * 3600.0) {
                rows.add(new long[] {submitted, Math.round(duration * 1000), gpus, row.line()});
            }
        });
        rows.sort(Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[3]));
        long origin = rows.isEmpty() ? 0 : rows.get(0)[0];
        List<TraceJob> jobs = new ArrayList<>(rows.size());
        for (long[] r : rows) {
            jobs.add(TraceJob.rigid("philly-" + r[3], r[0] - origin, r[1], (int) r[2]));
        }
        return jobs;
    }

    private static long timestamp(CsvTable.Row row) {
        String text = row.text("timestamp");
        try {
            return LocalDateTime.parse(text, TIMESTAMP).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw row.fail("timestamp", "not a timestamp YYYY-MM-DD HH:MM:SS ('" + text + "')");
        }
    }
}
