package dev.lepton.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes a run's {@code jobs.csv} (one row per job) and {@code summary.json} into a directory. */
public final class ResultWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultWriter() {}

    public static void write(Path out, List<JobResult> results, Summary summary) throws IOException {
        Files.createDirectories(out);
        try (BufferedWriter csv = Files.newBufferedWriter(out.resolve("jobs.csv"))) {
            csv.write("id,submit_s,start_s,end_s,jct_s,queue_s,gpus,nodes,preemptions\n");
            for (JobResult r : results) {
                csv.write(String.format(Locale.ROOT, "%s,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d,%d%n", r.id(), r.submit(), r.start(), r.end(),
                        r.jct(), r.queueing(), r.gpus(), r.nodes(), r.preemptions()));
            }
        }
        JSON.writeValue(out.resolve("summary.json").toFile(), summary);
    }
}
