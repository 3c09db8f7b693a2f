package dev.lepton.server.queues;

import dev.lepton.core.job.Job;
import dev.lepton.core.quota.Quota;
import dev.lepton.core.resource.Resources;
import java.util.Optional;

/** What a job's gang counts against its queue's quota while it holds resources. */
public final class QuotaUse {
    private QuotaUse() {}

    public static Quota of(Job job) {
        Resources total = job.spec().totalResources();
        return Quota.of(total.cpuMillis(), total.memoryBytes(), total.gpus(), Optional.empty());
    }
}
