package dev.lepton.cli.job;

import dev.lepton.api.v1.ApiEstimate;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobStatus;
import dev.lepton.cli.output.Units;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** How jobs are named and summed up in human output, shared by the job commands and {@code apply}. */
public final class JobText {
    private static final Set<String> TERMINAL_PHASES = Set.of("succeeded", "failed", "cancelled");

    private JobText() {}

    /** {@code job/NAME}, the way users refer to a job in every message. */
    public static String ref(ApiJob job) {
        return ref(job.metadata() == null ? "?" : job.metadata().name());
    }

    public static String ref(String name) {
        return "job/" + name;
    }

    /**
     * The answer to a create: {@code job/NAME created}, or {@code job/NAME valid (dry run)} followed by what
     * the job is expected to cost started now and at the start the scheduler would choose.
     */
    public static String submitted(ApiJob job, boolean dryRun) {
        if (isArray(job)) {
            return WorkflowText.submittedArray(job, dryRun);
        }
        String answer = ref(job) + (dryRun ? " valid (dry run)" : " created");
        return status(job).map(ApiJobStatus::estimate).map(e -> answer + "\n" + estimate(e)).orElse(answer);
    }

    /** Expected for 2h (spec.schedule.expectedDuration) on node n1 in ES, modelled at full use: one line per start, then why. */
    static String estimate(ApiEstimate e) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "expected for %s (%s) on node %s in %s, %s at full use of what it asks:\n",
                e.duration(), e.durationFrom(), e.node(), e.region(), e.provenance()));
        text.append(run("started now", e.now()));
        if (!e.chosen().start().equals(e.now().start())) {
            text.append(run("at its start", e.chosen()));
        }
        return text.append("  ").append(e.reason()).toString();
    }

    private static String run(String label, ApiEstimate.Run run) {
        return String.format(Locale.ROOT, "  %-13s %s  %s kWh · %s gCO2e · $%s at %s gCO2e/kWh (%s)\n", label + ":", Units.time(run.start()),
                Units.significant(run.kwh()), Units.significant(run.co2eGrams()), Units.significant(run.costDollars()),
                Math.round(run.gramsPerKwh()), run.intensitySource());
    }

    /** True for an array (not one of its tasks): the server answers for it as one job summing its tasks up. */
    static boolean isArray(ApiJob job) {
        return job.status() != null && job.status().array() != null && job.status().array().index() == null;
    }

    static Optional<ApiJobStatus> status(ApiJob job) {
        return Optional.ofNullable(job.status());
    }

    static String phase(ApiJob job) {
        return status(job).map(ApiJobStatus::phase).orElse("Pending");
    }

    static boolean isTerminal(ApiJob job) {
        return TERMINAL_PHASES.contains(phase(job).toLowerCase(Locale.ROOT));
    }

    static boolean succeeded(ApiJob job) {
        return phase(job).equalsIgnoreCase("Succeeded");
    }

    /** {@code job/NAME Failed (exit code 1): out of memory}; the parts the server left out are left out. */
    static String outcome(ApiJob job) {
        StringBuilder text = new StringBuilder(ref(job)).append(' ').append(phase(job));
        status(job).map(ApiJobStatus::exitCode).filter(code -> code != 0)
                .ifPresent(code -> text.append(" (exit code ").append(code).append(')'));
        status(job).map(ApiJobStatus::message).filter(m -> !m.isBlank())
                .ifPresent(message -> text.append(": ").append(message.strip()));
        return text.toString();
    }
}
