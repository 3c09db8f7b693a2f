package dev.lepton.sim.footprint;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.KnownHardware;
import dev.lepton.core.energy.PowerRange;
import dev.lepton.sim.ClusterSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The power of one GPU of a node group, idle to fully busy, and where the figures came from: the cluster
 * file's {@code idleWatts}/{@code maxWatts}, else the known-hardware table's row for the group's
 * {@code gpuModel}, else the table's catch-all row (an unknown GPU: 50..250 W, a 250 W PCIe board).
 *
 * @param accelerator the resource the group's devices are ({@code nvidia.com/gpu}, {@code amd.com/gpu}, …)
 * @param source {@code cluster-file}, or {@code known-hardware: <the row's source>}
 */
public record GpuPower(String accelerator, String gpuModel, PowerRange range, String source) {
    public GpuPower {
        requireNonNull(accelerator, "accelerator is null");
        requireNonNull(gpuModel, "gpuModel is null");
        requireNonNull(range, "range is null");
        requireNonNull(source, "source is null");
    }

    /** One entry per node group of {@code cluster}, in its order. */
    public static List<GpuPower> of(ClusterSpec cluster, KnownHardware table) {
        List<GpuPower> power = new ArrayList<>();
        for (ClusterSpec.NodeGroup group : cluster.groups()) {
            power.add(group.gpuPower().map(range -> new GpuPower(group.accelerator(), group.gpuModel(), range, "cluster-file")).orElseGet(() -> {
                KnownHardware.Row row = table.gpu(group.gpuModel())
                        .orElseThrow(() -> new IllegalStateException("the known hardware table has no GPU row for " + group.gpuModel()));
                return new GpuPower(group.accelerator(), group.gpuModel(), row.range(), "known-hardware: " + row.source());
            }));
        }
        return power;
    }

    /** The bundled table ({@value KnownHardware#RESOURCE}). */
    public static KnownHardware knownHardware() {
        try (InputStream in = KnownHardware.class.getResourceAsStream(KnownHardware.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the known hardware table " + KnownHardware.RESOURCE + " is missing from the class path");
            }
            return KnownHardware.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + KnownHardware.RESOURCE, e);
        }
    }

    /**
     * Watts while a job holds the GPU. No trace format gives GPU utilisation, so a held GPU is taken as
     * fully busy (utilisation 1.0): the figures are an upper bound for the jobs' own energy.
     */
    public double busyWatts() {
        return range.watts(1.0);
    }

    public double idleWatts() {
        return range.idleWatts();
    }
}
