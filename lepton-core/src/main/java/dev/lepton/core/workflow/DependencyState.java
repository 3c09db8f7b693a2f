package dev.lepton.core.workflow;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.job.Dependency;

/** Where one dependency stands: met, not yet, or never; {@code detail} says what its job is doing ({@code Running}, {@code 3 of 20 tasks Succeeded}). */
public record DependencyState(Dependency dependency, State state, String detail) {
    public DependencyState {
        requireNonNull(dependency, "dependency is null");
        requireNonNull(state, "state is null");
        requireNonNull(detail, "detail is null");
    }

    public enum State {
        /** It ended as asked. */
        MET,
        /** It has not ended yet. */
        WAITING,
        /** It ended in a way that can never satisfy the condition. */
        NEVER;

        /** The name users see: {@code Met}, {@code Waiting}, {@code Never}. */
        public String displayName() {
            return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
        }
    }
}
