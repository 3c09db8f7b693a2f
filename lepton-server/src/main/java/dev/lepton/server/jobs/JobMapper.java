package dev.lepton.server.jobs;

import dev.lepton.api.v1.ApiCheckpointSignal;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiJobStatus;
import dev.lepton.api.v1.ApiPlacement;
import dev.lepton.api.v1.ApiPreemption;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiRetry;
import dev.lepton.api.v1.ApiSchedule;
import dev.lepton.api.v1.ApiWorker;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.api.v1.Versions;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.StopPlan;
import dev.lepton.core.placement.Constraints;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.Dependency;
import dev.lepton.core.carbon.Schedule;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobSchedule;
import dev.lepton.core.job.JobSpec;
import dev.lepton.core.job.JobStatus;
import dev.lepton.core.job.Preemption;
import dev.lepton.core.job.PriorityClass;
import dev.lepton.core.job.RetryPolicy;
import dev.lepton.core.node.Labels;
import dev.lepton.core.node.Taint;
import dev.lepton.core.node.Tier;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.queue.Queue;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Quantities;
import dev.lepton.core.resource.Resources;
import dev.lepton.core.workflow.ArrayRequest;
import dev.lepton.server.http.Names;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Between the wire ({@link ApiJob}, quantities as strings) and the domain ({@link JobSpec}, typed).
 * Checks every field and reports all faults at once, each naming the field and the value.
 */
public final class JobMapper {
    /** Defaults for what a spec leaves out; one place, documented in docs/jobs.md. */
    public static final String DEFAULT_CPU = "500m";
    public static final String DEFAULT_MEMORY = "256MiB";
    public static final int MAX_WORKERS = 1024;
    /** The longest grace period or checkpoint lead a job may ask for: a stop must not wait for ever. */
    static final Duration MAX_STOP_TIME = Duration.ofHours(1);
    /** The longest maxDuration: a year and a day of leap. Bounds keep every sum of times and sizes far from overflow. */
    static final Duration MAX_DURATION = Duration.ofDays(366);
    /** The most a job's start may be deferred for carbon ({@code spec.schedule.maxDelay}, or the slack a deadline leaves). */
    static final Duration MAX_DELAY = Duration.ofDays(7);
    /** The longest retry back-off. */
    static final Duration MAX_BACKOFF = Duration.ofDays(1);
    /** The most one worker may ask for: 65,536 cores, 64 TiB, 1,024 GPUs. */
    static final long MAX_CPU_MILLIS = 65_536_000L;
    static final long MAX_MEMORY_BYTES = 64L << 40;
    static final int MAX_GPUS = 1_024;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The longest container image reference: registry, repository, tag and digest fit in far less. */
    static final int MAX_IMAGE_LENGTH = 512;
    /** How a spec names a code snapshot on the wire. */
    public static final String CODE_PREFIX = "sha256:";

    private JobMapper() {}

    /**
     * The user's project and name, and a validated spec with defaults filled in; {@code array}: the
     * submission is an array of such jobs (its dependencies are resolved when it is stored).
     */
    public record Accepted(String project, String name, Map<String, String> labels, JobSpec spec, Optional<ArrayRequest> array) {}

    /** {@code now}: the submission's instant, against which {@code spec.schedule.deadline} is checked. */
    public static Accepted accept(ApiJob job, String defaultProject, Instant now) {
        List<String> faults = new ArrayList<>();
        if (job.kind() != null && !ApiJob.KIND.equals(job.kind())) {
            faults.add("kind: must be Job (got '" + job.kind() + "')");
        }
        ObjectMeta meta = job.metadata() == null ? ObjectMeta.named(null, null) : job.metadata();
        String name = meta.name();
        if (name == null) {
            faults.add("metadata.name: required");
        } else if (!Names.isValid(name)) {
            faults.add("metadata.name: " + Names.RULE + " (got '" + name + "')");
        }
        String project = meta.project() == null ? defaultProject : meta.project();
        if (!Names.isValid(project)) {
            faults.add("metadata.project: " + Names.RULE + " (got '" + project + "')");
        }
        checkLabels("metadata.labels", meta.labels(), faults);
        JobSpec spec = job.spec() == null ? fault(faults, "spec: required") : spec(job.spec(), meta.labels(), faults);
        Optional<JobSchedule> schedule = job.spec() == null ? Optional.empty() : schedule(job.spec().schedule(), now, faults);
        List<Dependency> after = job.spec() == null ? List.of() : WorkflowMapper.after(job.spec().after(), faults);
        Optional<ArrayRequest> array = job.spec() == null ? Optional.empty() : WorkflowMapper.array(job.spec().array(), name, faults);
        if (!faults.isEmpty()) {
            throw new LeptonException(ErrorCode.INVALID_SPEC, String.join("; ", faults));
        }
        return new Accepted(project, name, meta.labels(), spec.withAfter(after).withSchedule(schedule), array);
    }

    private static JobSpec spec(ApiJobSpec s, Map<String, String> labels, List<String> faults) {
        List<String> command = new ArrayList<>();
        if (s.command() != null) {
            command.addAll(s.command());
        }
        if (s.args() != null) {
            command.addAll(s.args());
        }
        if (command.isEmpty()) {
            faults.add("spec.command: required (the program to run and its arguments)");
        } else if (command.stream().anyMatch(a -> a == null || a.indexOf('\0') >= 0)) {
            faults.add("spec.command: arguments must be non-null strings without NUL bytes");
        } else {
            ExecLimits.check(s, faults);
        }
        Map<String, String> env = s.env() == null ? Map.of() : s.env();
        env.forEach((k, v) -> {
            if (!ENV_NAME.matcher(k).matches()) {
                faults.add("spec.env." + k + ": not a valid environment variable name");
            } else if (k.startsWith("LEPTON_") || k.equals("CUDA_VISIBLE_DEVICES")) {
                faults.add("spec.env." + k + ": reserved; Lepton sets it for every worker");
            }
            if (v == null) {
                faults.add("spec.env." + k + ": value is null");
            } else if (v.indexOf('\0') >= 0) {
                faults.add("spec.env." + k + ": value must not contain a NUL character");
            }
        });
        ApiResources r = s.resources() == null ? new ApiResources(null, null, null) : s.resources();
        long cpu = parse("spec.resources.cpu", r.cpu() == null ? DEFAULT_CPU : r.cpu(), Quantities::parseCpu, faults, 0L);
        long memory = parse("spec.resources.memory", r.memory() == null ? DEFAULT_MEMORY : r.memory(), Quantities::parseBytes, faults, 0L);
        int gpus = r.gpus() == null ? 0 : r.gpus();
        if (cpu <= 0 && faults.stream().noneMatch(f -> f.startsWith("spec.resources.cpu"))) {
            faults.add("spec.resources.cpu: must be more than 0 (got " + r.cpu() + ")");
        }
        if (memory <= 0 && faults.stream().noneMatch(f -> f.startsWith("spec.resources.memory"))) {
            faults.add("spec.resources.memory: must be more than 0 (got " + r.memory() + ")");
        }
        if (cpu > MAX_CPU_MILLIS) {
            faults.add("spec.resources.cpu: must be at most " + Quantities.formatCpu(MAX_CPU_MILLIS) + " per worker (got " + r.cpu() + ")");
        }
        if (memory > MAX_MEMORY_BYTES) {
            faults.add("spec.resources.memory: must be at most " + Quantities.formatBytes(MAX_MEMORY_BYTES) + " per worker (got " + r.memory() + ")");
        }
        if (gpus < 0 || gpus > MAX_GPUS) {
            faults.add("spec.resources.gpus: must be between 0 and " + MAX_GPUS + " per worker (got " + gpus + ")");
        }
        Accelerators accelerators = accelerators(r, faults);
        int workers = s.workers() == null ? 1 : s.workers();
        if (workers < 1 || workers > MAX_WORKERS) {
            faults.add("spec.workers: must be between 1 and " + MAX_WORKERS + " (got " + workers + ")");
        }
        String queue = s.queue() == null ? Queue.DEFAULT : s.queue();
        if (!Names.isValid(queue)) {
            faults.add("spec.queue: " + Names.RULE + " (got '" + queue + "')");
        }
        int priority = priority(s, faults);
        RetryPolicy retry = retry(s.retry(), faults);
        Optional<Duration> maxDuration = Optional.ofNullable(s.maxDuration())
                .map(d -> parse("spec.maxDuration", d, Quantities::parseDuration, faults, Duration.ofSeconds(1)));
        if (maxDuration.filter(d -> d.isZero() || d.compareTo(MAX_DURATION) > 0).isPresent()) {
            faults.add("spec.maxDuration: must be more than 0 and at most " + Quantities.formatDuration(MAX_DURATION)
                    + " (366 days) (got " + s.maxDuration() + ")");
        }
        Optional<String> code = code(s.code(), faults);
        Optional<String> workingDir = workingDir(s.workingDir(), faults);
        Optional<String> image = image(s.image(), faults);
        if (!faults.isEmpty()) {
            return null;
        }
        Constraints constraints = constraints(s.placement(), faults);
        if (!faults.isEmpty()) {
            return null;
        }
        Optional<Duration> stopGracePeriod = Optional.ofNullable(s.stopGracePeriod())
                .map(d -> parse("spec.stopGracePeriod", d, Quantities::parseDuration, faults, Duration.ZERO));
        stopGracePeriod.filter(d -> d.compareTo(MAX_STOP_TIME) > 0).ifPresent(d -> faults.add("spec.stopGracePeriod: must be at most "
                + Quantities.formatDuration(MAX_STOP_TIME) + " (got " + s.stopGracePeriod() + ")"));
        Optional<StopPlan.Warning> checkpoint = checkpointSignal(s.checkpointSignal(), faults);
        if (!faults.isEmpty()) {
            return null;
        }
        return new JobSpec(command, env, new Resources(cpu, memory, accelerators), constraints, workers, queue, priority, preemption(s.preemption()),
                retry, maxDuration, labels, code, workingDir, Optional.empty(), List.of(), stopGracePeriod, checkpoint, Optional.empty(), image);
    }

    /**
     * {@code {expectedDuration: 2h, maxDelay: 8h}} or {@code {expectedDuration: 2h, deadline: 2030-01-02T06:00:00Z}}: a deadline
     * not past, an expected duration beside either, at most {@link #MAX_DELAY} of slack, as {@link Schedule#of} checks it at {@code now}.
     */
    private static Optional<JobSchedule> schedule(ApiSchedule s, Instant now, List<String> faults) {
        if (s == null) {
            return Optional.empty();
        }
        int before = faults.size();
        Optional<Duration> expected = Optional.ofNullable(s.expectedDuration())
                .map(d -> parse("spec.schedule.expectedDuration", d, Quantities::parseDuration, faults, Duration.ZERO));
        Optional<Duration> maxDelay = Optional.ofNullable(s.maxDelay())
                .map(d -> parse("spec.schedule.maxDelay", d, Quantities::parseDuration, faults, Duration.ZERO));
        Optional<Instant> deadline = Optional.ofNullable(s.deadline()).map(d -> parse("spec.schedule.deadline", d, JobMapper::instant, faults, now));
        expected.filter(d -> d.compareTo(MAX_DURATION) > 0).ifPresent(d -> faults.add("spec.schedule.expectedDuration: must be at most "
                + Quantities.formatDuration(MAX_DURATION) + " (366 days) (got " + s.expectedDuration() + ")"));
        maxDelay.filter(d -> d.compareTo(MAX_DELAY) > 0).ifPresent(d -> faults.add("spec.schedule.maxDelay: must be at most "
                + Quantities.formatDuration(MAX_DELAY) + " (7 days) (got " + s.maxDelay() + ")"));
        if (faults.size() > before) {
            return Optional.empty();
        }
        try {
            Optional<Schedule> window = Schedule.of(now, expected, maxDelay, deadline);
            if (deadline.isPresent() && window.isPresent() && Duration.between(now, window.get().latestStart()).compareTo(MAX_DELAY) > 0) {
                faults.add("spec.schedule.deadline: must leave at most " + Quantities.formatDuration(MAX_DELAY)
                        + " (7 days) between now and the latest start, deadline less expectedDuration (got " + s.deadline() + ")");
                return Optional.empty();
            }
        } catch (LeptonException e) {
            faults.add(e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new JobSchedule(expected, maxDelay, deadline));
    }

    /** An instant in ISO-8601 with an offset, {@code 2030-01-02T06:00:00Z} or {@code 2030-01-02T08:00:00+02:00}. */
    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be an instant with its offset, e.g. 2030-01-02T06:00:00Z", e);
        }
    }

    private static ApiSchedule schedule(JobSchedule s) {
        return new ApiSchedule(s.maxDelay().map(Quantities::formatDuration).orElse(null), s.deadline().map(Instant::toString).orElse(null),
                s.expectedDuration().map(Quantities::formatDuration).orElse(null));
    }

    /** {@code {signal: USR1, lead: 60s}}: a signal a worker may handle, at most an hour ahead. */
    private static Optional<StopPlan.Warning> checkpointSignal(ApiCheckpointSignal c, List<String> faults) {
        if (c == null) {
            return Optional.empty();
        }
        String signal = c.signal() == null ? "" : c.signal().strip().toUpperCase(java.util.Locale.ROOT).replaceFirst("^SIG", "");
        if (!StopPlan.WARNING_SIGNALS.contains(signal)) {
            faults.add("spec.checkpointSignal.signal: must be one of " + StopPlan.WARNING_SIGNALS.stream().sorted().toList() + " (got '"
                    + c.signal() + "')");
        }
        if (c.lead() == null) {
            faults.add("spec.checkpointSignal.lead: required, e.g. 60s: how long before the stop the signal comes");
            return Optional.empty();
        }
        Duration lead = parse("spec.checkpointSignal.lead", c.lead(), Quantities::parseDuration, faults, Duration.ZERO);
        if (lead.isZero() || lead.compareTo(MAX_STOP_TIME) > 0) {
            faults.add("spec.checkpointSignal.lead: must be more than 0 and at most " + Quantities.formatDuration(MAX_STOP_TIME)
                    + " (got " + c.lead() + ")");
        }
        return faults.isEmpty() ? Optional.of(new StopPlan.Warning(signal, lead)) : Optional.empty();
    }

    /** {@code sha256:<64 hex>}: a snapshot uploaded before; a local path is the CLI's to upload, never the server's to read. */
    private static Optional<String> code(String text, List<String> faults) {
        if (text == null) {
            return Optional.empty();
        }
        String sha = text.startsWith(CODE_PREFIX) ? text.substring(CODE_PREFIX.length()) : "";
        if (!LaunchSpec.isSha256(sha)) {
            faults.add("spec.code: must name an uploaded snapshot as sha256:<64 lowercase hex digits> (got '" + text
                    + "'); the CLI uploads a local directory (lepton job run --code DIR, or code: DIR in a file applied with lepton apply)");
            return Optional.empty();
        }
        return Optional.of(sha);
    }

    private static Optional<String> workingDir(String text, List<String> faults) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.isBlank() || text.indexOf('\0') >= 0 || text.length() > 4_096) {
            faults.add("spec.workingDir: must be a path of 1 to 4096 characters without NUL bytes (got '" + text + "')");
            return Optional.empty();
        }
        if (!text.startsWith("/") && Arrays.asList(text.split("/")).contains("..")) {
            faults.add("spec.workingDir: a relative path must stay inside the code (no '..'); give an absolute path to start elsewhere (got '"
                    + text + "')");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /**
     * A container image reference as a container runtime takes it ({@code python:3.12-slim},
     * {@code registry.example/team/train@sha256:…}): surrounding blanks are dropped; none may be inside.
     * Whether it exists is the runtime's to say, when a worker starts.
     */
    private static Optional<String> image(String text, List<String> faults) {
        if (text == null) {
            return Optional.empty();
        }
        String image = text.strip();
        boolean blanks = image.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
        if (image.isEmpty() || image.length() > MAX_IMAGE_LENGTH || blanks) {
            faults.add("spec.image: must be a container image reference of 1 to " + MAX_IMAGE_LENGTH
                    + " characters without blanks, e.g. python:3.12-slim (got '" + text + "')");
            return Optional.empty();
        }
        return Optional.of(image);
    }

    private static Constraints constraints(ApiPlacement p, List<String> faults) {
        if (p == null) {
            return Constraints.NONE;
        }
        Map<String, String> selector = p.nodeSelector() == null ? Map.of() : p.nodeSelector();
        checkLabels("spec.placement.nodeSelector", selector, faults);
        Set<Taint> tolerations = new LinkedHashSet<>();
        for (String t : p.tolerations() == null ? List.<String>of() : p.tolerations()) {
            Taint toleration = t == null ? fault(faults, "spec.placement.tolerations: write key=value (got null)")
                    : parse("spec.placement.tolerations", t, Taint::parse, faults, null);
            if (toleration != null) {
                tolerations.add(toleration);
            }
        }
        Optional<Tier> tier = p.tier() == null ? Optional.empty()
                : Optional.ofNullable(parse("spec.placement.tier", p.tier(), Tier::parse, faults, null));
        return new Constraints(selector, tolerations, tier, Set.copyOf(p.regions() == null ? List.of() : p.regions()),
                Set.copyOf(p.gpuModels() == null ? List.of() : p.gpuModels()));
    }

    private static ApiPlacement placement(Constraints c) {
        if (c.equals(Constraints.NONE)) {
            return null;
        }
        return new ApiPlacement(c.nodeSelector(), c.tolerations().stream().map(Taint::toString).sorted().toList(),
                c.tier().map(Tier::wireName).orElse(null), c.regions().stream().sorted().toList(), c.gpuModels().stream().sorted().toList());
    }

    /** An explicit priority wins; else the class's level; else the {@code mid} level. */
    private static int priority(ApiJobSpec s, List<String> faults) {
        if (s.priority() != null) {
            return s.priority();
        }
        try {
            return PriorityClass.parse(s.priorityClass() == null ? PriorityClass.MID.wireName() : s.priorityClass()).level();
        } catch (IllegalArgumentException e) {
            faults.add("spec.priorityClass: " + e.getMessage() + " (got '" + s.priorityClass() + "')");
            return 0;
        }
    }

    private static Preemption preemption(ApiPreemption p) {
        if (p == null) {
            return Preemption.DEFAULT;
        }
        return new Preemption(p.canPreempt() == null || p.canPreempt(), p.canBePreempted() == null || p.canBePreempted());
    }

    private static RetryPolicy retry(ApiRetry r, List<String> faults) {
        if (r == null) {
            return RetryPolicy.DEFAULT;
        }
        int max = r.maxRetries() == null ? 0 : r.maxRetries();
        if (max < 0 || max > 100) {
            faults.add("spec.retry.maxRetries: must be between 0 and 100 (got " + max + ")");
        }
        Duration backoff = r.backoff() == null ? RetryPolicy.DEFAULT.backoff()
                : parse("spec.retry.backoff", r.backoff(), Quantities::parseDuration, faults, Duration.ZERO);
        Duration maxBackoff = r.maxBackoff() == null ? RetryPolicy.DEFAULT.maxBackoff()
                : parse("spec.retry.maxBackoff", r.maxBackoff(), Quantities::parseDuration, faults, Duration.ZERO);
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            faults.add("spec.retry.backoff: must be at most " + Quantities.formatDuration(MAX_BACKOFF) + " (got " + r.backoff() + ")");
        }
        if (maxBackoff.compareTo(MAX_BACKOFF) > 0) {
            faults.add("spec.retry.maxBackoff: must be at most " + Quantities.formatDuration(MAX_BACKOFF) + " (got " + r.maxBackoff() + ")");
        }
        if (maxBackoff.compareTo(backoff) < 0) {
            faults.add("spec.retry.maxBackoff: must be at least backoff " + r.backoff() + " (got " + r.maxBackoff() + ")");
        }
        return faults.isEmpty() ? new RetryPolicy(max, backoff, maxBackoff) : RetryPolicy.DEFAULT;
    }

    private static void checkLabels(String field, Map<String, String> labels, List<String> faults) {
        labels.forEach((k, v) -> {
            if (!Labels.isKey(k)) {
                faults.add(field + "." + k + ": " + Labels.KEY_RULE);
            }
            if (v == null || v.length() > 253) {
                faults.add(field + "." + k + ": value must be a string of at most 253 characters");
            }
        });
    }

    private static <T> T parse(String field, String text, Function<String, T> parser, List<String> faults, T fallback) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            faults.add(field + ": " + e.getMessage() + " (got '" + text + "')");
            return fallback;
        }
    }

    /**
     * {@code gpus} and {@code accelerators} together, name by name: {@code gpus: N} is {@code nvidia.com/gpu: N},
     * and a spec that gives both with different counts is refused. Each count is whole (the codec refuses
     * fractions), from 0 to {@value #MAX_GPUS}, and so are all of them together.
     */
    private static Accelerators accelerators(ApiResources r, List<String> faults) {
        int before = faults.size();
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (r.gpus() != null && r.gpus() > 0 && r.gpus() <= MAX_GPUS) {
            counts.put(Accelerators.NVIDIA_GPU, r.gpus());
        }
        Map<String, Integer> named = r.accelerators() == null ? Map.of() : r.accelerators();
        named.forEach((name, count) -> {
            String field = "spec.resources.accelerators." + name;
            if (!Accelerators.isValidName(name)) {
                faults.add(field + ": " + Accelerators.NAME_RULE + " (got '" + name + "')");
            } else if (count < 0 || count > MAX_GPUS) {
                faults.add(field + ": must be between 0 and " + MAX_GPUS + " per worker (got " + count + ")");
            } else if (name.equals(Accelerators.NVIDIA_GPU) && r.gpus() != null && !r.gpus().equals(count)) {
                faults.add("spec.resources.gpus: is the short form of " + field + " and the two differ (got gpus " + r.gpus() + " and "
                        + count + "); give NVIDIA GPUs one way");
            } else if (count > 0) {
                counts.put(name, count);
            }
        });
        long total = counts.values().stream().mapToLong(Integer::longValue).sum();
        if (total > MAX_GPUS && faults.size() == before) {
            faults.add("spec.resources.accelerators: must be at most " + MAX_GPUS + " devices per worker in all (got " + total + ")");
        }
        return faults.size() == before ? Accelerators.of(counts) : Accelerators.NONE;
    }

    private static <T> T fault(List<String> faults, String fault) {
        faults.add(fault);
        return null;
    }

    // --- domain → wire ---

    /**
     * NVIDIA GPUs as {@code gpus}, as specs have always read; and every accelerator by name, NVIDIA's too, when
     * there are any, so that a spec written either way reads back as it was written (the two agree, which a
     * submission may repeat).
     */
    public static ApiResources resources(Resources r) {
        return new ApiResources(Quantities.formatCpu(r.cpuMillis()), Quantities.formatBytes(r.memoryBytes()),
                r.accelerator(Accelerators.NVIDIA_GPU), r.accelerators().isEmpty() ? null : r.accelerators().asMap());
    }

    public static ApiJob toApi(Job job) {
        JobSpec s = job.spec();
        ObjectMeta meta = new ObjectMeta(job.name(), job.project(), s.labels(), job.uid(), job.resourceVersion(), job.createdAt());
        RetryPolicy r = s.retry();
        ApiJobSpec spec = new ApiJobSpec(s.command(), null, new LinkedHashMap<>(s.env()),
                resources(s.resources()),
                s.workers(), s.queue(), s.priority(), PriorityClass.of(s.priority()).map(PriorityClass::wireName).orElse(null),
                new ApiPreemption(s.preemption().canPreempt(), s.preemption().canBePreempted()),
                new ApiRetry(r.maxRetries(), Quantities.formatDuration(r.backoff()), Quantities.formatDuration(r.maxBackoff())),
                s.maxDuration().map(Quantities::formatDuration).orElse(null), placement(s.constraints()))
                .withCode(s.code().map(sha -> CODE_PREFIX + sha).orElse(null))
                .withWorkingDir(s.workingDir().orElse(null))
                .withStopping(s.stopGracePeriod().map(Quantities::formatDuration).orElse(null),
                        s.checkpointSignal().map(w -> new ApiCheckpointSignal(w.signal(), Quantities.formatDuration(w.lead()))).orElse(null))
                .withSchedule(s.schedule().map(JobMapper::schedule).orElse(null))
                .withImage(s.image().orElse(null));
        return new ApiJob(ApiJob.KIND, Versions.V1, meta, spec.withWorkflow(null, WorkflowMapper.toApi(s.after())),
                status(job.status()).withWorkflow(s.array().map(WorkflowMapper::task).orElse(null), null));
    }

    private static ApiJobStatus status(JobStatus s) {
        List<ApiWorker> workers = s.workers().stream().map(JobMapper::worker).toList();
        return new ApiJobStatus(s.phase().displayName(), s.epoch(), s.failures(), s.exitCode().orElse(null), s.message(),
                s.notBefore().orElse(null), s.startedAt().orElse(null), s.finishedAt().orElse(null), workers);
    }

    private static ApiWorker worker(WorkerStatus w) {
        String state = w.state().name().charAt(0) + w.state().name().substring(1).toLowerCase(java.util.Locale.ROOT);
        return new ApiWorker(w.rank(), w.node(), w.gpuIndices(), state, w.pid().orElse(null), w.processStart().orElse(null),
                w.exitCode().orElse(null), Math.round(w.cpuSeconds() * 1000) / 1000.0, w.peakMemoryBytes(), w.reason().orElse(null),
                w.handle().orElse(null));
    }
}
