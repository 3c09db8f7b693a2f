package dev.lepton.serving.batching;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** What the queue's thread does next. */
public sealed interface BatchDecision {
    /** Run these requests (positions in the queue, oldest first) together, now. */
    record Run(List<Integer> positions) implements BatchDecision {
        public Run {
            positions = List.copyOf(positions);
            if (positions.isEmpty()) {
                throw new IllegalArgumentException("a run needs at least one request");
            }
        }
    }

    /** Nothing is due: wait for more requests until {@code deadline}, when the oldest is due. */
    record WaitUntil(Instant deadline) implements BatchDecision {
        public WaitUntil {
            requireNonNull(deadline, "deadline is null");
        }
    }

    /** The queue is empty. */
    record Idle() implements BatchDecision {}
}
