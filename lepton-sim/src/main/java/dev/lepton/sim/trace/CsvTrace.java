package dev.lepton.sim.trace;

import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Quantities;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lepton's generic trace, for replaying your own cluster's history. A header row, then one job per
 * row. Required: {@code id}, {@code submit_time} (seconds from the trace's start), {@code duration}
 * (seconds of run time on its resources), {@code gpus} (per worker). Optional: {@code workers} (1),
 * {@code gpu_model} (any), {@code cpu} per worker (0; {@code 2}, {@code 500m}), {@code memory} per worker
 * (0; {@code 16GiB}), {@code priority} (0), {@code queue} ({@code default}), {@code accelerator} (the resource the
 * job's GPUs are, {@code amd.com/gpu}; default the run's, {@code nvidia.com/gpu} unless it says otherwise; an
 * empty cell is the default too). Other columns are ignored.
 */
public final class CsvTrace {
    private static final List<String> REQUIRED = List.of("id", "submit_time", "duration", "gpus");

    private CsvTrace() {}

    public static List<TraceJob> load(Path file) {
        return load(file, Accelerators.NVIDIA_GPU);
    }

    /** Every job of the file; a job whose row names no {@code accelerator} asks for {@code defaultAccelerator}. */
    public static List<TraceJob> load(Path file, String defaultAccelerator) {
        List<TraceJob> jobs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        CsvTable.read(file, REQUIRED, row -> {
            TraceJob job = job(row, defaultAccelerator);
            if (!ids.add(job.id())) {
                throw row.fail("id", "duplicate id '" + job.id() + "'");
            }
            jobs.add(job);
        });
        jobs.sort(Comparator.comparingLong(TraceJob::submitMillis));
        return jobs;
    }

    private static TraceJob job(CsvTable.Row row, String defaultAccelerator) {
        String id = row.text("id");
        long submit = Math.round(row.nonNegative("submit_time") * 1000);
        long duration = Math.round(row.nonNegative("duration") * 1000);
        int gpus = row.wholeNumber("gpus", 0);
        int workers = row.has("workers") ? row.wholeNumber("workers", 1) : 1;
        Optional<String> model = row.has("gpu_model") ? Optional.of(row.text("gpu_model")) : Optional.empty();
        long cpu = row.has("cpu") ? quantity(row, "cpu", true) : 0;
        long memory = row.has("memory") ? quantity(row, "memory", false) : 0;
        int priority = row.has("priority") ? (int) wholeSigned(row, "priority") : 0;
        String queue = row.has("queue") ? row.text("queue") : "default";
        return new TraceJob(id, submit, duration, gpus, workers, false, model, cpu, memory, priority, queue, accelerator(row, defaultAccelerator));
    }

    private static String accelerator(CsvTable.Row row, String fallback) {
        if (!row.has("accelerator")) {
            return fallback;
        }
        String name = row.text("accelerator");
        if (!Accelerators.isValidName(name)) {
            throw row.fail("accelerator", Accelerators.NAME_RULE + " ('" + name + "')");
        }
        return name;
    }

    private static long quantity(CsvTable.Row row, String column, boolean cpu) {
        String text = row.text(column);
        try {
            return cpu ? Quantities.parseCpu(text) : Quantities.parseBytes(text);
        } catch (IllegalArgumentException e) {
            throw row.fail(column, e.getMessage() + " ('" + text + "')");
        }
    }

    private static long wholeSigned(CsvTable.Row row, String column) {
        double d = row.number(column);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw row.fail(column, "not a whole number ('" + row.text(column) + "')");
        }
        return (long) d;
    }
}
