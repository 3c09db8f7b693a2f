package dev.lepton.slurm.node;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Accelerators;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which Slurm GRES are which accelerator resource to Lepton ({@code lepton server --slurm-gres NAME[:TYPE]=RESOURCE}):
 * {@code gpu=nvidia.com/gpu} unless told otherwise, e.g. {@code gpu:mi300x=amd.com/gpu} (GRES {@code gpu} of type
 * {@code mi300x}: AMD's), {@code gpu=amd.com/gpu} (a cluster of AMD GPUs) or {@code gaudi=habana.ai/gaudi}. An entry
 * with a type wins over its name's entry without one; a GRES no entry maps is no accelerator. Each resource comes from
 * one entry, so that a launch knows what to ask for: {@code --gres=NAME[:TYPE]:N}.
 */
public final class SlurmGresMap {
    /** Slurm's shares of a GPU (CUDA MPS percentages, shards), never whole devices a worker is pinned to. */
    private static final Set<String> SHARES = Set.of("mps", "shard");
    private static final String NAME = "[A-Za-z0-9._-]+";
    public static final SlurmGresMap DEFAULT = new SlurmGresMap(List.of(new Entry(SlurmGres.GPU, Optional.empty(), Accelerators.NVIDIA_GPU)));

    /** GRES {@code name}, of {@code type} or of any type not mapped on its own, is devices of {@code resource}. */
    public record Entry(String name, Optional<String> type, String resource) {
        public Entry {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(resource, "resource is null");
        }

        String key() {
            return name + type.map(t -> ":" + t).orElse("");
        }
    }

    /** By {@link Entry#key()}, in the order given. */
    private final Map<String, Entry> entries;

    private SlurmGresMap(Collection<Entry> entries) {
        Map<String, Entry> byKey = new LinkedHashMap<>();
        Map<String, Entry> byResource = new LinkedHashMap<>();
        for (Entry e : entries) {
            Entry same = byResource.putIfAbsent(e.resource(), e);
            if (same != null && !same.key().equals(e.key())) {
                throw new IllegalArgumentException("--slurm-gres: " + e.resource() + " is mapped from both " + same.key() + " and " + e.key()
                        + "; a resource comes from one GRES, which a launch asks Slurm for");
            }
            byKey.put(e.key(), e);
        }
        this.entries = byKey;
    }

    /**
     * The default ({@code gpu=nvidia.com/gpu}) with each {@code NAME[:TYPE]=RESOURCE} added; an entry for {@code gpu}
     * replaces the default's. Refuses, naming the flag and the value: a malformed entry, a resource name Kubernetes
     * would not take, {@code mps} or {@code shard} (shares, not devices), a GRES given twice, a resource given twice.
     */
    public static SlurmGresMap parse(List<String> flags) {
        Map<String, Entry> given = new LinkedHashMap<>();
        for (String flag : flags) {
            Entry e = entry(flag);
            if (given.put(e.key(), e) != null) {
                throw new IllegalArgumentException("--slurm-gres: " + e.key() + " is given twice");
            }
        }
        List<Entry> all = new ArrayList<>();
        if (!given.containsKey(SlurmGres.GPU)) {
            all.addAll(DEFAULT.entries.values());
        }
        all.addAll(given.values());
        return new SlurmGresMap(all);
    }

    private static Entry entry(String flag) {
        int eq = flag.indexOf('=');
        String gres = eq < 0 ? "" : flag.substring(0, eq).strip();
        String[] parts = gres.split(":", -1);
        if (eq < 0 || parts.length > 2 || parts[0].isEmpty() || !parts[0].matches(NAME) || parts.length == 2 && !parts[1].matches(NAME)) {
            throw new IllegalArgumentException("--slurm-gres: must be NAME[:TYPE]=RESOURCE such as gpu:mi300x=amd.com/gpu (got '" + flag + "')");
        }
        if (SHARES.contains(parts[0])) {
            throw new IllegalArgumentException("--slurm-gres: " + parts[0] + " is a share of a GPU in Slurm, not a device a worker can be"
                    + " pinned to (got '" + flag + "')");
        }
        String resource = flag.substring(eq + 1).strip();
        if (!Accelerators.isValidName(resource)) {
            throw new IllegalArgumentException("--slurm-gres " + gres + ": '" + resource + "' " + Accelerators.NAME_RULE);
        }
        return new Entry(parts[0], parts.length == 2 ? Optional.of(parts[1]) : Optional.empty(), resource);
    }

    /** The accelerator resource GRES {@code gres} is: its name and type's entry, else its name's; empty when it is none. */
    public Optional<String> resourceOf(SlurmGres gres) {
        Entry typed = gres.type().map(t -> entries.get(gres.name() + ":" + t)).orElse(null);
        Entry e = typed != null ? typed : entries.get(gres.name());
        return Optional.ofNullable(e).map(Entry::resource);
    }

    /** The GRES that {@code resource}'s devices are asked for as; empty when no GRES is that resource. */
    public Optional<Entry> gresOf(String resource) {
        return entries.values().stream().filter(e -> e.resource().equals(resource)).findFirst();
    }

    /** The entries, in the order given, the default first unless replaced. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    @Override
    public String toString() {
        return String.join(",", entries.values().stream().map(e -> e.key() + "=" + e.resource()).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlurmGresMap other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }
}
