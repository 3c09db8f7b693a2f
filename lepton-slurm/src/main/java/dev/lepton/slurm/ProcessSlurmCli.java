package dev.lepton.slurm;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Slurm's commands as child processes, each bounded by {@link SlurmCliConfig#commandTimeout()}:
 * one that has not ended by then is killed and the call fails, naming the command. Output is read
 * on virtual threads while the command runs, so a command that prints much never blocks on a full
 * pipe. The commands print times in UTC and in ISO 8601 ({@code TZ=UTC}, {@code SLURM_TIME_FORMAT=standard}),
 * and the variables through which a user reshapes their output or an {@code sbatch}
 * ({@code SQUEUE_FORMAT}, {@code SBATCH_PARTITION}, …) are left out of their environment.
 */
public final class ProcessSlurmCli implements SlurmCli {
    private static final Logger log = LoggerFactory.getLogger(ProcessSlurmCli.class);
    private static final List<String> USER_PREFERENCES = List.of("SBATCH_", "SQUEUE_", "SINFO_", "SACCT_", "SCANCEL_", "SCONTROL_", "SLURM_TIME_FORMAT");
    /** How long the output may take to arrive once the command has ended (a child it left may hold the pipe). */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final SlurmCliConfig config;

    public ProcessSlurmCli(SlurmCliConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    public CliOutput run(List<String> command, String stdin) {
        requireNonNull(stdin, "stdin is null");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        String shown = String.join(" ", command);
        ProcessBuilder builder = new ProcessBuilder(executable(command));
        cleanEnvironment(builder.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LeptonException(ErrorCode.UNAVAILABLE, command.getFirst() + " cannot be run (" + e.getMessage()
                    + "): is Slurm's client installed, and on PATH or in the configured bin directory?", e);
        }
        CompletableFuture<String> stdout = inBackground(() -> readAll(process.getInputStream()));
        CompletableFuture<String> stderr = inBackground(() -> readAll(process.getErrorStream()));
        inBackground(() -> write(process.getOutputStream(), stdin));
        try {
            if (!process.waitFor(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new LeptonException(ErrorCode.UNAVAILABLE, shown + " did not answer within " + seconds(config.commandTimeout())
                        + " and was killed: is slurmctld up and reachable?");
            }
            return new CliOutput(command, process.exitValue(), collect(stdout, shown), collect(stderr, shown));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LeptonException(ErrorCode.UNAVAILABLE, shown + " was interrupted", e);
        }
    }

    private List<String> executable(List<String> command) {
        List<String> line = new ArrayList<>(command);
        config.binDirectory().ifPresent(bin -> line.set(0, bin.resolve(command.getFirst()).toString()));
        return line;
    }

    private static void cleanEnvironment(Map<String, String> environment) {
        environment.keySet().removeIf(name -> USER_PREFERENCES.stream().anyMatch(name::startsWith));
        environment.put("TZ", "UTC");
        environment.put("SLURM_TIME_FORMAT", "standard");
    }

    private static <T> CompletableFuture<T> inBackground(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().name("slurm-cli-io").start(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("reading a Slurm command's output: " + e.getMessage(), e);
        }
    }

    private static Void write(OutputStream stream, String text) {
        try (stream) {
            stream.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The command ended or closed its input without reading it all; its exit status says what it made of that.
            log.atDebug().setMessage("a Slurm command did not read all its input").addKeyValue("error", e.toString()).log();
        }
        return null;
    }

    private static String collect(CompletableFuture<String> output, String shown) throws InterruptedException {
        try {
            return output.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new LeptonException(ErrorCode.UNAVAILABLE, shown + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LeptonException(ErrorCode.UNAVAILABLE, shown + " ended but its output did not: a process it started still holds it", e);
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
