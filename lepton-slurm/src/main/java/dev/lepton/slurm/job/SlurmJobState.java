package dev.lepton.slurm.job;

import java.util.Arrays;
import java.util.Locale;

/**
 * A Slurm job's state (squeue(1), "JOB STATE CODES"), with what it means for the job's processes:
 * not started yet, started and not all ended, or ended. {@link #GONE} is no Slurm state: slurmctld
 * has forgotten the job (MinJobAge after its end) and nothing else that was asked knew it, so it has
 * ended and only its tasks' exit records tell how. {@link #UNKNOWN} is a state this table does not
 * know yet; it counts as started, so that nothing is taken for ended that may still run.
 */
public enum SlurmJobState {
    PENDING(Phase.QUEUED),
    CONFIGURING(Phase.QUEUED),
    REQUEUED(Phase.QUEUED),
    REQUEUE_HOLD(Phase.QUEUED),
    REQUEUE_FED(Phase.QUEUED),
    RESV_DEL_HOLD(Phase.QUEUED),
    SPECIAL_EXIT(Phase.QUEUED),
    RUNNING(Phase.STARTED),
    SUSPENDED(Phase.STARTED),
    STOPPED(Phase.STARTED),
    SIGNALING(Phase.STARTED),
    RESIZING(Phase.STARTED),
    STAGE_OUT(Phase.STARTED),
    /** Ended for Slurm, but some of its processes are still being killed. */
    COMPLETING(Phase.STARTED),
    COMPLETED(Phase.ENDED),
    FAILED(Phase.ENDED),
    CANCELLED(Phase.ENDED),
    TIMEOUT(Phase.ENDED),
    NODE_FAIL(Phase.ENDED),
    OUT_OF_MEMORY(Phase.ENDED),
    PREEMPTED(Phase.ENDED),
    BOOT_FAIL(Phase.ENDED),
    DEADLINE(Phase.ENDED),
    REVOKED(Phase.ENDED),
    GONE(Phase.ENDED),
    UNKNOWN(Phase.STARTED);

    /** Where the job's processes are. */
    public enum Phase {
        QUEUED, STARTED, ENDED
    }

    private final Phase phase;

    SlurmJobState(Phase phase) {
        this.phase = phase;
    }

    public Phase phase() {
        return phase;
    }

    public boolean ended() {
        return phase == Phase.ENDED;
    }

    /**
     * Reads a state as squeue and sacct write it: {@code RUNNING}, {@code CANCELLED by 0},
     * {@code CANCELLED+} (sacct's mark of more to it), or the short codes ({@code PD}, {@code R}, {@code CG}, …).
     */
    public static SlurmJobState parse(String text) {
        String word = text == null ? "" : text.strip().split("[\\s+]", 2)[0].toUpperCase(Locale.ROOT);
        return switch (word) {
            case "PD" -> PENDING;
            case "CF" -> CONFIGURING;
            case "R" -> RUNNING;
            case "S" -> SUSPENDED;
            case "ST" -> STOPPED;
            case "SI" -> SIGNALING;
            case "CG" -> COMPLETING;
            case "CD" -> COMPLETED;
            case "F" -> FAILED;
            case "CA" -> CANCELLED;
            case "TO" -> TIMEOUT;
            case "NF" -> NODE_FAIL;
            case "OOM" -> OUT_OF_MEMORY;
            case "PR" -> PREEMPTED;
            case "BF" -> BOOT_FAIL;
            case "DL" -> DEADLINE;
            default -> Arrays.stream(values()).filter(s -> s != GONE && s.name().equals(word)).findFirst().orElse(UNKNOWN);
        };
    }
}
