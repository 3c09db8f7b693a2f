package dev.lepton.node.probe;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.GpuDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks {@code nvidia-smi} about NVIDIA GPUs in its CSV form. The executable is a constructor
 * argument so that tests can stand in a script that prints canned output. A query that fails
 * (driver not loaded, timeout) answers no GPUs with a warning, since a node without working GPUs
 * is still a node; a line that does not parse is skipped the same way.
 */
public final class NvidiaSmi {
    public static final String EXECUTABLE = "nvidia-smi";
    /** How long one query of a vendor's tool may take (nvidia-smi's, rocm-smi's). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final String DEVICE_FIELDS = "index,uuid,name,memory.total,power.limit";
    static final String USAGE_FIELDS = "index,utilization.gpu,memory.used,power.draw";
    static final String PROCESS_FIELDS = "gpu_uuid,pid,used_memory";

    private static final Logger log = LoggerFactory.getLogger(NvidiaSmi.class);
    private static final long MIB = 1024L * 1024;

    private final Path executable;
    private final Duration timeout;

    public NvidiaSmi(Path executable, Duration timeout) {
        this.executable = requireNonNull(executable, "executable is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** {@code nvidia-smi} from {@code PATH}, if this machine has it. */
    public static Optional<NvidiaSmi> locate() {
        return VendorTool.onPath(EXECUTABLE).map(found -> new NvidiaSmi(found, DEFAULT_TIMEOUT));
    }

    public List<GpuDevice> devices() {
        return query("--query-gpu=", DEVICE_FIELDS).map(csv -> parse(csv, NvidiaSmi::device)).orElse(List.of());
    }

    public List<GpuUsage> usage() {
        return query("--query-gpu=", USAGE_FIELDS).map(csv -> parse(csv, NvidiaSmi::usage)).orElse(List.of());
    }

    /**
     * The compute processes on every GPU ({@value #PROCESS_FIELDS}), so that a GPU shared by several
     * attempts can be split by their processes' memory. Empty when there are none or the query fails.
     */
    public List<GpuProcess> processes() {
        return query("--query-compute-apps=", PROCESS_FIELDS).map(csv -> parse(csv, NvidiaSmi::process)).orElse(List.of());
    }

    /** Parses {@value #DEVICE_FIELDS}, memory in MiB. A name holding commas keeps its middle fields. */
    static GpuDevice device(List<String> fields) {
        if (fields.size() < 5) {
            throw new IllegalArgumentException("expected 5 fields, got " + fields.size());
        }
        int last = fields.size() - 1;
        String name = String.join(",", fields.subList(2, last - 1)).trim();
        return new GpuDevice(Integer.parseInt(fields.get(0)), fields.get(1), name,
                (long) (number(fields.get(last - 1)).orElseThrow() * MIB), number(fields.get(last)).orElse(0));
    }

    /** Parses {@value #USAGE_FIELDS}: utilisation in percent, memory in MiB, power in watts. */
    static GpuUsage usage(List<String> fields) {
        if (fields.size() != 4) {
            throw new IllegalArgumentException("expected 4 fields, got " + fields.size());
        }
        return new GpuUsage(Integer.parseInt(fields.get(0)), number(fields.get(1)).orElse(0) / 100,
                (long) (number(fields.get(2)).orElse(0) * MIB), number(fields.get(3)));
    }

    /** Parses {@value #PROCESS_FIELDS}, memory in MiB; "[N/A]" memory (some drivers in some modes) is 0. */
    static GpuProcess process(List<String> fields) {
        if (fields.size() != 3) {
            throw new IllegalArgumentException("expected 3 fields, got " + fields.size());
        }
        return new GpuProcess(fields.get(0), Long.parseLong(fields.get(1)), (long) (number(fields.get(2)).orElse(0) * MIB));
    }

    static <T> List<T> parse(String csv, Function<List<String>, T> row) {
        List<T> rows = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                rows.add(row.apply(Arrays.stream(line.split(",")).map(String::trim).toList()));
            } catch (RuntimeException e) {
                log.atWarn().setMessage("skipping an nvidia-smi line that does not parse").addKeyValue("line", line)
                        .addKeyValue("error", e.toString()).log();
            }
        }
        return rows;
    }

    /** A number, or empty for the driver's "[N/A]", "[Not Supported]" and the like. */
    private static OptionalDouble number(String field) {
        try {
            return OptionalDouble.of(Double.parseDouble(field));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private Optional<String> query(String option, String fields) {
        try {
            VendorTool.Run run = VendorTool.run(List.of(executable.toString(), option + fields, "--format=csv,noheader,nounits"), timeout);
            return run.exitCode() == 0 ? Optional.of(run.output()) : failed(fields, "exit code " + run.exitCode());
        } catch (IOException e) {
            return failed(fields, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Optional<String> failed(String fields, String why) {
        log.atWarn().setMessage("nvidia-smi query failed, reporting no GPUs").addKeyValue("executable", executable)
                .addKeyValue("fields", fields).addKeyValue("error", why).log();
        return Optional.empty();
    }
}
