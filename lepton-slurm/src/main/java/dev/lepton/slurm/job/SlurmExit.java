package dev.lepton.slurm.job;

import java.util.Optional;

/**
 * How a job's batch script ended, as Slurm keeps it: an exit code, or the signal that killed it.
 * {@code sacct} and {@code scontrol} write {@code code:signal}; {@code squeue --Format=exit_code}
 * the raw wait status.
 */
public record SlurmExit(int code, int signal) {
    public SlurmExit {
        if (code < 0 || code > 255 || signal < 0 || signal > 127) {
            throw new IllegalArgumentException("exit code must be 0-255 and signal 0-127, got " + code + ":" + signal);
        }
    }

    /** Parses {@code 3:0}; empty when it is not that shape. */
    public static Optional<SlurmExit> parse(String text) {
        if (text == null || !text.strip().matches("\\d{1,3}:\\d{1,3}")) {
            return Optional.empty();
        }
        String[] parts = text.strip().split(":");
        int code = Integer.parseInt(parts[0]);
        int signal = Integer.parseInt(parts[1]);
        return code <= 255 && signal <= 127 ? Optional.of(new SlurmExit(code, signal)) : Optional.empty();
    }

    /** From a wait status ({@code 768} is exit 3, {@code 15} death by SIGTERM); empty when it is not a number. */
    public static Optional<SlurmExit> fromWaitStatus(String text) {
        if (text == null || !text.strip().matches("\\d{1,10}")) {
            return Optional.empty();
        }
        long status = Long.parseLong(text.strip());
        return Optional.of(new SlurmExit((int) (status >> 8) & 0xff, (int) status & 0x7f));
    }

    /** The shell's way of saying it: the code, or 128 + the signal. */
    public int shellStatus() {
        return signal != 0 ? 128 + signal : code;
    }

    @Override
    public String toString() {
        return code + ":" + signal;
    }
}
