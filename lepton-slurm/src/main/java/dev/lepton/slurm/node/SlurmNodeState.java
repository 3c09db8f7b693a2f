package dev.lepton.slurm.node;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.NodeCondition;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A node's state as {@code scontrol} writes it: a base state and flags joined by '+'
 * ({@code IDLE}, {@code MIXED+DRAIN}, {@code DOWN+NOT_RESPONDING}); a '*' after the base means
 * the node does not respond and becomes the flag {@value #NOT_RESPONDING}. The names {@code sinfo}
 * uses for combined states ({@code DRAINED}, {@code DRAINING}, {@code ALLOC}, {@code MIX}) are read as
 * the base and flag they stand for; a base Slurm adds later reads as {@link Base#UNKNOWN} with its
 * name kept as a flag.
 */
public record SlurmNodeState(Base base, Set<String> flags) {
    public static final String DRAIN = "DRAIN";
    public static final String NOT_RESPONDING = "NOT_RESPONDING";

    /** Flags under which Slurm starts no new job on the node. */
    private static final Set<String> KEEPS_JOBS_OUT = Set.of(DRAIN, NOT_RESPONDING, "FAIL", "MAINT", "POWERED_DOWN", "POWER_DOWN",
            "POWERING_DOWN", "POWERING_UP", "REBOOT_ISSUED", "REBOOT_REQUESTED", "INVALID_REG", "RESERVED");

    private static final Map<String, SlurmNodeState> COMBINED = Map.of(
            "DRAINED", new SlurmNodeState(Base.IDLE, Set.of(DRAIN)),
            "DRAIN", new SlurmNodeState(Base.IDLE, Set.of(DRAIN)),
            "DRAINING", new SlurmNodeState(Base.ALLOCATED, Set.of(DRAIN)),
            "ALLOC", new SlurmNodeState(Base.ALLOCATED, Set.of()),
            "MIX", new SlurmNodeState(Base.MIXED, Set.of()));

    /** Slurm's base node states. */
    public enum Base {
        UNKNOWN, DOWN, IDLE, ALLOCATED, ERROR, MIXED, FUTURE
    }

    public SlurmNodeState {
        requireNonNull(base, "base is null");
        flags = Set.copyOf(flags);
    }

    public static SlurmNodeState parse(String text) {
        String[] words = text.strip().toUpperCase(Locale.ROOT).split("\\+");
        Set<String> flags = new LinkedHashSet<>();
        String first = words[0].replace("*", "");
        if (words[0].endsWith("*")) {
            flags.add(NOT_RESPONDING);
        }
        Arrays.stream(words).skip(1).map(w -> w.replace("*", "")).filter(w -> !w.isEmpty()).forEach(flags::add);
        SlurmNodeState combined = COMBINED.get(first);
        if (combined != null) {
            flags.addAll(combined.flags);
            return new SlurmNodeState(combined.base, flags);
        }
        Base base = Arrays.stream(Base.values()).filter(b -> b.name().equals(first)).findFirst().orElse(Base.UNKNOWN);
        if (base == Base.UNKNOWN && !first.equals(Base.UNKNOWN.name())) {
            flags.add(first);
        }
        return new SlurmNodeState(base, flags);
    }

    /** Slurm would start a job here now, capacity permitting: up, answering, not drained, not powered down. */
    public boolean acceptsJobs() {
        return (base == Base.IDLE || base == Base.MIXED || base == Base.ALLOCATED) && flags.stream().noneMatch(KEEPS_JOBS_OUT::contains);
    }

    /**
     * As Lepton's scheduler sees it: ready when Slurm would start a job here; down when Slurm has marked the
     * node {@code DOWN} (its jobs end); otherwise unschedulable (drained, not responding yet, powered down), with
     * whatever runs there left running, as Slurm leaves it: Slurm marks a node that stays silent {@code DOWN}
     * after its {@code SlurmdTimeout}.
     */
    public NodeCondition condition() {
        if (acceptsJobs()) {
            return NodeCondition.READY;
        }
        return base == Base.DOWN ? NodeCondition.DOWN : NodeCondition.UNSCHEDULABLE;
    }

    @Override
    public String toString() {
        return flags.isEmpty() ? base.name() : base.name() + "+" + String.join("+", flags.stream().sorted().toList());
    }
}
