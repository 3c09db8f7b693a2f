package dev.lepton.core.workflow;

import static java.util.Objects.requireNonNull;

/** Whether a queued job's dependencies let it start: yes, not yet (and why), or never (and why). */
public sealed interface Readiness {
    record Ready() implements Readiness {}

    record Waiting(String reason) implements Readiness {
        public Waiting {
            requireNonNull(reason, "reason is null");
        }
    }

    record Never(String reason) implements Readiness {
        public Never {
            requireNonNull(reason, "reason is null");
        }
    }
}
