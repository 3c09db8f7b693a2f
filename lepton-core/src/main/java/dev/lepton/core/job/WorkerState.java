package dev.lepton.core.job;

/** One worker of one attempt. */
public enum WorkerState {
    LAUNCHING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Stopped by Lepton: cancelled, timed out, or its gang failed. */
    KILLED,
    /** Its process vanished without an exit status (e.g. while the server was down). */
    LOST;

    public boolean isFinished() {
        return this != LAUNCHING && this != RUNNING;
    }
}
