package dev.lepton.core.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Comparator;
import java.util.function.Function;

/**
 * A policy that is only an order plus its flags: {@code fifo}, {@code priority}, {@code backfill},
 * {@code sjf}, {@code srtf}, {@code srsf}. {@code preemptsWhen} decides preemption for preemptive ones.
 */
record OrderedPolicy(String name, Function<Instant, Comparator<Candidate>> orderAt, boolean preemptive, Backfill backfill,
                     PreemptionRule preemptsWhen, VictimClass victimClassOf) implements SchedulingPolicy {
    OrderedPolicy {
        requireNonNull(name, "name is null");
        requireNonNull(orderAt, "orderAt is null");
        requireNonNull(backfill, "backfill is null");
        requireNonNull(preemptsWhen, "preemptsWhen is null");
        requireNonNull(victimClassOf, "victimClassOf is null");
    }

    OrderedPolicy(String name, Function<Instant, Comparator<Candidate>> orderAt, boolean preemptive, Backfill backfill,
                  PreemptionRule preemptsWhen) {
        this(name, orderAt, preemptive, backfill, preemptsWhen, (c, now) -> c.priority());
    }

    /** A running job's {@link SchedulingPolicy#victimClass}, for an {@link OrderedPolicy}. */
    @FunctionalInterface
    interface VictimClass {
        long of(Candidate running, Instant now);
    }

    /** Who may preempt whom, for an {@link OrderedPolicy}. */
    @FunctionalInterface
    interface PreemptionRule {
        PreemptionRule NEVER = (a, b, now) -> false;

        boolean test(Candidate preemptor, Candidate victim, Instant now);
    }

    @Override
    public Comparator<Candidate> order(Instant now) {
        return orderAt.apply(now);
    }

    @Override
    public long victimClass(Candidate candidate, Instant now) {
        return victimClassOf.of(candidate, now);
    }

    @Override
    public boolean mayPreempt(Candidate preemptor, Candidate victim, Instant now) {
        return preemptive && preemptsWhen.test(preemptor, victim, now);
    }
}
