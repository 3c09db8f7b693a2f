package dev.lepton.core.quota;

import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Quantities;
import dev.lepton.core.resource.Resources;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Amounts by resource name: {@code cpu} (millicores), {@code memory} (bytes), each accelerator by its
 * resource name ({@code nvidia.com/gpu}, {@code amd.com/gpu}: devices), and per accelerator model
 * {@code nvidia.com/gpu:H100}. A missing name is zero.
 */
public record Quota(Map<String, Long> amounts) {
    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String GPU = Accelerators.NVIDIA_GPU;
    public static final Quota NONE = new Quota(Map.of());

    public Quota {
        amounts = Collections.unmodifiableMap(new TreeMap<>(amounts)); // by name, so that every listing reads alike
        amounts.forEach((name, amount) -> {
            if (amount < 0) {
                throw new IllegalArgumentException(name + ": quota must not be negative (got " + amount + ")");
            }
        });
    }

    /** An amount as a person writes it for this resource: {@code 500m} of cpu, {@code 4GiB} of memory, {@code 8} GPUs. */
    public static String format(String resource, long amount) {
        return switch (resource) {
            case CPU -> Quantities.formatCpu(amount);
            case MEMORY -> Quantities.formatBytes(amount);
            default -> Long.toString(amount);
        };
    }

    /** What one gang asks for: resources of every worker, GPUs also under their model when it is fixed. */
    public static Quota of(long cpuMillis, long memoryBytes, int gpus, java.util.Optional<String> gpuModel) {
        Map<String, Long> amounts = new TreeMap<>();
        amounts.put(CPU, cpuMillis);
        amounts.put(MEMORY, memoryBytes);
        if (gpus > 0) {
            amounts.put(GPU, (long) gpus);
            gpuModel.ifPresent(model -> amounts.put(GPU + ":" + model, (long) gpus));
        }
        return new Quota(amounts);
    }

    /** What a whole gang holds, counted against its queue's quota: CPU, memory and each accelerator by name. */
    public static Quota of(Resources total) {
        Map<String, Long> amounts = new TreeMap<>();
        amounts.put(CPU, total.cpuMillis());
        amounts.put(MEMORY, total.memoryBytes());
        Accelerators accelerators = total.accelerators();
        for (int i = 0; i < accelerators.size(); i++) {
            amounts.put(accelerators.name(i), (long) accelerators.count(i));
        }
        return new Quota(amounts);
    }

    /**
     * Is it a name a quota may hold: {@code cpu}, {@code memory}, an accelerator's resource name
     * ({@link Accelerators#isValidName}), or one with a model after a colon ({@code nvidia.com/gpu:H100})?
     */
    public static boolean isResourceName(String name) {
        if (name.equals(CPU) || name.equals(MEMORY)) {
            return true;
        }
        int colon = name.indexOf(':');
        return colon < 0 ? Accelerators.isValidName(name) : Accelerators.isValidName(name.substring(0, colon)) && colon < name.length() - 1;
    }

    public long get(String name) {
        return amounts.getOrDefault(name, 0L);
    }

    public Quota plus(Quota other) {
        Map<String, Long> sum = new TreeMap<>(amounts);
        other.amounts.forEach((name, amount) -> sum.merge(name, amount, Long::sum));
        return new Quota(sum);
    }

    /** Never below zero per resource: releasing more than was charged is clamped, not an error. */
    public Quota minus(Quota other) {
        Map<String, Long> rest = new TreeMap<>(amounts);
        other.amounts.forEach((name, amount) -> rest.put(name, Math.max(0, rest.getOrDefault(name, 0L) - amount)));
        return new Quota(rest);
    }

    public boolean isEmpty() {
        return amounts.values().stream().allMatch(a -> a == 0);
    }
}
