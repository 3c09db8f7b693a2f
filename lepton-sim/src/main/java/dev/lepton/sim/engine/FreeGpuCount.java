package dev.lepton.sim.engine;

import dev.lepton.core.policy.Admission;
import dev.lepton.core.policy.Candidate;
import java.util.Optional;

/**
 * The cluster's free GPUs as one plan goes on, kept through the admission hook: it admits everything
 * (the simulator has no quotas) and counts what each start takes and each release gives back. The
 * waiting queue reads it to stop handing out candidates once nothing more can start
 * ({@link WaitingJobs#inOrder(FreeGpuCount)}).
 */
final class FreeGpuCount implements Admission {
    private int free;

    FreeGpuCount(int freeAtStart) {
        if (freeAtStart < 0) {
            throw new IllegalArgumentException("freeAtStart must be >= 0, got " + freeAtStart);
        }
        this.free = freeAtStart;
    }

    int free() {
        return free;
    }

    @Override
    public Optional<String> refuse(Candidate candidate) {
        return Optional.empty();
    }

    @Override
    public void admitted(Candidate candidate) {
        free -= candidate.gpus();
    }

    @Override
    public void released(Candidate candidate) {
        free += candidate.gpus();
    }
}
