package dev.lepton.cli.job;

import static dev.lepton.cli.output.Fields.field;

import dev.lepton.api.v1.ApiEnergy;
import dev.lepton.api.v1.ApiEnergySource;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobStatus;
import dev.lepton.api.v1.ApiWorker;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import dev.lepton.cli.output.Units;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lepton job get NAME}: one job's status for people, then one row per worker of its current attempt. */
@Command(name = "get", description = "Show a job's status and its workers.")
public final class JobGetCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The job.")
    String name;

    @Override
    public Integer call() {
        Session session = session();
        ApiJob job = session.client().job(session.project(), name);
        session.output().show(job, j -> summary(j, session.clock().instant()));
        return 0;
    }

    static String summary(ApiJob job, Instant now) {
        Optional<ApiJobStatus> status = JobText.status(job);
        StringBuilder text = new StringBuilder();
        field(text, "Name", job.metadata().name());
        field(text, "Project", job.metadata().project());
        field(text, "Phase", JobText.phase(job));
        field(text, "Attempt", status.map(ApiJobStatus::attempt).orElse(0));
        field(text, "Failures", status.map(ApiJobStatus::failures).orElse(0));
        field(text, "Exit code", status.map(ApiJobStatus::exitCode).orElse(null));
        field(text, "Message", status.map(ApiJobStatus::message).orElse(null));
        field(text, "Created", Units.timeAgo(job.metadata().createdAt(), now));
        field(text, "Started", Units.timeAgo(status.map(ApiJobStatus::startedAt).orElse(null), now));
        field(text, "Finished", Units.timeAgo(status.map(ApiJobStatus::finishedAt).orElse(null), now));
        // A deferred job's notBefore is its chosen low-carbon start; any other's, the end of its retry back-off.
        String waitsUntil = JobText.phase(job).equals("Deferred") ? "Starts at" : "Retry at";
        status.map(ApiJobStatus::retryAt).ifPresent(at -> field(text, waitsUntil, Units.timeAgo(at, now)));
        status.map(ApiJobStatus::energy).ifPresent(energy -> field(text, "Energy", energy(energy)));
        status.map(ApiJobStatus::array).ifPresent(array -> field(text, "Array", WorkflowText.array(array)));
        List<String> after = WorkflowText.after(job);
        for (int i = 0; i < after.size(); i++) {
            field(text, i == 0 ? "After" : "", after.get(i));
        }
        List<ApiWorker> workers = status.map(ApiJobStatus::workers).orElse(List.of());
        if (JobText.isArray(job)) {
            text.append('\n').append("Each task is a job: lepton job get ").append(job.metadata().name()).append("-INDEX\n");
        } else {
            text.append('\n').append(workers.isEmpty() ? "No workers yet.\n" : workerTable(workers));
        }
        return text.toString();
    }

    static String workerTable(List<ApiWorker> workers) {
        // A local worker is known by its pid; a worker elsewhere by its executor's handle (a Slurm job, a pod).
        Table table = Table.of("rank", "node", "state", "process", "exit", "cpu-seconds", "peak-memory", "gpus");
        for (ApiWorker worker : workers) {
            table.row(worker.rank(), worker.node(), worker.reason() == null ? worker.state() : worker.state() + " (" + worker.reason() + ")",
                    worker.pid() != null ? worker.pid() : worker.handle(), worker.exitCode(),
                    String.format(Locale.ROOT, "%.1f", worker.cpuSeconds()), Units.bytes(worker.peakMemoryBytes()),
                    join(worker.gpus(), String::valueOf));
        }
        return table.render();
    }

    /**
     * {@code 0.0052 kWh · 0.78 gCO2e · $0.0014 (modelled: model:tdp-table)}: as precise as small jobs need, never in
     * scientific notation; where the joules came from after the provenance, with each source's share when there are several.
     */
    static String energy(ApiEnergy energy) {
        return String.format(Locale.ROOT, "%s kWh · %s gCO2e · $%s (%s%s)", Units.significant(energy.kwh()), Units.significant(energy.co2eGrams()),
                Units.significant(energy.costDollars()), energy.provenance(), sources(energy));
    }

    private static String sources(ApiEnergy energy) {
        List<ApiEnergySource> sources = energy.sources() == null ? List.of() : energy.sources();
        if (sources.size() == 1) {
            return ": " + sources.getFirst().source();
        }
        double total = sources.stream().mapToDouble(ApiEnergySource::joules).sum();
        return sources.isEmpty() || total <= 0 ? "" : sources.stream()
                .map(s -> s.source() + " " + Math.round(100 * s.joules() / total) + "%").collect(Collectors.joining(", ", ": ", ""));
    }

    private static <T> String join(List<T> values, Function<T, String> text) {
        return values == null || values.isEmpty() ? null : values.stream().map(text).collect(Collectors.joining(","));
    }
}
