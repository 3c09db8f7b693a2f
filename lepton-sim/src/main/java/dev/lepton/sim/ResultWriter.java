package dev.lepton.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.sim.footprint.JobFootprint;
import dev.lepton.sim.footprint.RunFootprint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Writes a run's {@code jobs.csv} (one row per job) and {@code summary.json} into a directory. With a
 * footprint, each row also has {@code held_s,energy_kwh,carbon_kg,cost_usd} (carbon and cost blank when
 * not counted). Where the run names accelerators (its report lists them, or a job asks for devices other than
 * {@code nvidia.com/gpu}), each row says after {@code gpus} which resource they are ({@code accelerator}).
 */
public final class ResultWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultWriter() {}

    public static void write(Path out, List<JobResult> results, Summary summary) throws IOException {
        write(out, results, RunReport.of(summary));
    }

    public static void write(Path out, List<JobResult> results, RunReport report) throws IOException {
        Files.createDirectories(out);
        Map<String, JobFootprint> footprints = new HashMap<>();
        report.footprint().map(RunFootprint::jobs).orElse(List.of()).forEach(j -> footprints.put(j.id(), j));
        boolean named = !report.accelerators().isEmpty() || results.stream().anyMatch(r -> !r.accelerator().equals(Accelerators.NVIDIA_GPU));
        try (BufferedWriter csv = Files.newBufferedWriter(out.resolve("jobs.csv"))) {
            csv.write("id,submit_s,start_s,end_s,jct_s,queue_s,gpus," + (named ? "accelerator," : "") + "nodes,preemptions"
                    + (report.footprint().isPresent() ? ",held_s,energy_kwh,carbon_kg,cost_usd\n" : "\n"));
            for (JobResult r : results) {
                csv.write(String.format(Locale.ROOT, "%s,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%s%d,%d", r.id(), r.submit(), r.start(), r.end(),
                        r.jct(), r.queueing(), r.gpus(), named ? r.accelerator() + "," : "", r.nodes(), r.preemptions()));
                if (report.footprint().isPresent()) {
                    JobFootprint f = footprints.get(r.id());
                    csv.write(String.format(Locale.ROOT, ",%.1f,%.6f,%s,%s", f.heldSeconds(), f.energyKwh(), cell(f.carbonKg()), cell(f.costUsd())));
                }
                csv.write('\n');
            }
        }
        JSON.writeValue(out.resolve("summary.json").toFile(), report);
    }

    private static String cell(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.6f", value.getAsDouble()) : "";
    }
}
