package dev.lepton.server.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.Footprint;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.node.probe.NodeUsage;
import dev.lepton.server.scheduler.RunningWorker;
import dev.lepton.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Power advice: workers that hold resources and do not use them. A worker is idle while its GPUs
 * (or, holding none, its CPUs) stay under {@link Settings#threshold} of what it holds; once that has
 * lasted {@link Settings#window} it is reported, with the energy and money spent since it went idle
 * and what stopping it would save an hour, and {@code flagged} hears of it once per idle spell (the
 * server records an event on the job). Fed by the energy meter's thread; read by reports.
 */
public final class IdleWatch {
    /** Under {@code threshold} of its resources for {@code window}: by default 5% for 10 minutes. */
    public record Settings(double threshold, Duration window) {
        public static final Settings DEFAULTS = new Settings(0.05, Duration.ofMinutes(10));

        public Settings {
            requireNonNull(window, "window is null");
            if (!(threshold > 0 && threshold < 1) || !window.isPositive()) {
                throw new IllegalArgumentException("idle: a threshold between 0 and 1 and a positive window, got " + threshold + ", " + window);
            }
        }
    }

    /**
     * An idle worker: what it holds ({@code gpu} or {@code cpu}), its use over the last interval, since
     * when it has been idle, what it cost since, and what it costs an hour now (the saving if stopped).
     */
    public record Idle(RunningWorker worker, String resource, double utilisation, Instant since, Footprint wasted, double kwhPerHour,
                       double dollarsPerHour) {}

    private static final class Spell {
        final Instant since;
        Footprint wasted = Footprint.ZERO;
        double utilisation;
        double kwhPerHour;
        double dollarsPerHour;
        boolean flagged;

        Spell(Instant since) {
            this.since = since;
        }
    }

    private final Settings settings;
    private final Supplier<Map<Integer, Double>> gpuUse;
    private final Consumer<Idle> flagged;
    private final Map<AttemptId, Spell> spells = new HashMap<>();
    private final Map<AttemptId, RunningWorker> workers = new HashMap<>();

    /** {@code gpuUse}: each GPU's latest utilisation (0 to 1) by index, as the node monitor last sampled it. */
    public IdleWatch(Settings settings, Supplier<Map<Integer, Double>> gpuUse, Consumer<Idle> flagged) {
        this.settings = requireNonNull(settings, "settings is null");
        this.gpuUse = requireNonNull(gpuUse, "gpuUse is null");
        this.flagged = requireNonNull(flagged, "flagged is null");
    }

    /**
     * One interval of one worker: the CPU seconds it used and what the interval cost it. A worker
     * holding GPUs is judged by their mean use (not known this interval: nothing changes), one holding
     * none by its CPU time against its cores.
     */
    public void observe(Instant end, Duration length, RunningWorker worker, double cpuSeconds, Footprint cost) {
        double hours = length.toNanos() / 3.6e12;
        if (hours <= 0) {
            return;
        }
        OptionalDouble use = worker.gpus().isEmpty()
                ? OptionalDouble.of(worker.allocated().cpuMillis() == 0 ? 1 : cpuSeconds / (length.toNanos() / 1e9) / (worker.allocated().cpuMillis() / 1000.0))
                : gpuMean(worker.gpus());
        if (use.isEmpty()) {
            return;
        }
        Idle idle;
        synchronized (this) {
            workers.put(worker.attempt(), worker);
            if (use.getAsDouble() >= settings.threshold()) {
                spells.remove(worker.attempt());
                return;
            }
            Spell spell = spells.computeIfAbsent(worker.attempt(), a -> new Spell(end.minus(length)));
            spell.wasted = spell.wasted.plus(cost);
            spell.utilisation = use.getAsDouble();
            spell.kwhPerHour = cost.kwh() / hours;
            spell.dollarsPerHour = cost.dollars() / hours;
            if (spell.flagged || Duration.between(spell.since, end).compareTo(settings.window()) < 0) {
                return;
            }
            spell.flagged = true;
            idle = idle(worker, spell);
        }
        flagged.accept(idle);
    }

    /** Forgets workers that no longer run. */
    public synchronized void retain(Collection<AttemptId> running) {
        spells.keySet().retainAll(new HashSet<>(running));
        workers.keySet().retainAll(new HashSet<>(running));
    }

    /** The workers idle for at least the window now. */
    public synchronized List<Idle> idle(Instant now) {
        List<Idle> idle = new ArrayList<>();
        spells.forEach((attempt, spell) -> {
            if (Duration.between(spell.since, now).compareTo(settings.window()) >= 0) {
                idle.add(idle(workers.get(attempt), spell));
            }
        });
        return idle;
    }

    private OptionalDouble gpuMean(List<Integer> gpus) {
        Map<Integer, Double> now = gpuUse.get();
        return now.keySet().containsAll(gpus) ? gpus.stream().mapToDouble(now::get).average() : OptionalDouble.empty();
    }

    /** Each GPU's utilisation by index, from the node monitor's last sample. */
    public static Map<Integer, Double> gpuUse(NodeUsage usage) {
        Map<Integer, Double> use = new HashMap<>();
        usage.gpus().forEach(gpu -> use.put(gpu.index(), gpu.utilization()));
        return use;
    }

    /** The event an idle worker's job gets, once per idle spell: what it holds, since when, what it cost, what stopping it saves. */
    public static void record(Store store, Idle idle, Instant at) {
        RunningWorker w = idle.worker();
        String holds = idle.resource().equals("gpu") ? w.gpus().size() + " GPU(s)" : w.allocated().cpuMillis() / 1000.0 + " CPU(s)";
        String message = String.format(java.util.Locale.ROOT, "worker %d has used %.1f%% of its %s since %s; it drew %.3g kWh and cost $%.3g "
                + "since; stopping it saves %.3g kWh and $%.3g an hour", w.attempt().rank(), idle.utilisation() * 100, holds, idle.since(),
                idle.wasted().kwh(), idle.wasted().dollars(), idle.kwhPerHour(), idle.dollarsPerHour());
        store.write(tx -> {
            tx.events().append(w.project(), "job/" + w.job(), "IdleResources", message, at);
            return null;
        });
    }

    public Settings settings() {
        return settings;
    }

    private static Idle idle(RunningWorker worker, Spell spell) {
        return new Idle(worker, worker.gpus().isEmpty() ? "cpu" : "gpu", spell.utilisation, spell.since, spell.wasted, spell.kwhPerHour,
                spell.dollarsPerHour);
    }
}
