package dev.lepton.sim.pollux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads a Pollux workload CSV ({@code name,time,application,num_replicas,batch_size}). */
public final class Workloads {
    static final List<String> COLUMNS = List.of("name", "time", "application", "num_replicas", "batch_size");

    private Workloads() {}

    /** The jobs in arrival order (ties keep file order), each validated; names must be unique. */
    public static List<WorkloadJob> read(Path csv) {
        return read(csv, null);
    }

    /** As {@link #read(Path)}, and every job's application must be one of {@code applications}. */
    public static List<WorkloadJob> read(Path csv, Set<String> applications) {
        CsvTable table = CsvTable.read(csv, COLUMNS);
        List<WorkloadJob> jobs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (CsvTable.Row row : table.rows()) {
            String name = table.text(row, "name");
            if (!names.add(name)) {
                throw table.error(row, "name", "duplicate job name '" + name + "'");
            }
            double time = table.number(row, "time");
            if (time < 0) {
                throw table.error(row, "time", "arrival must be >= 0, got " + time);
            }
            int replicas = table.integer(row, "num_replicas");
            if (replicas < 1) {
                throw table.error(row, "num_replicas", "must be >= 1, got " + replicas);
            }
            int batch = table.integer(row, "batch_size");
            if (batch < 1) {
                throw table.error(row, "batch_size", "must be >= 1, got " + batch);
            }
            String application = table.text(row, "application");
            if (applications != null && !applications.contains(application)) {
                throw table.error(row, "application", "no profile for '" + application + "' (have " + applications + ")");
            }
            jobs.add(new WorkloadJob(name, time, application, replicas, batch));
        }
        if (jobs.isEmpty()) {
            throw PolluxFormatException.inFile(csv, "no jobs");
        }
        jobs.sort(Comparator.comparingDouble(WorkloadJob::arrival));
        return List.copyOf(jobs);
    }
}
