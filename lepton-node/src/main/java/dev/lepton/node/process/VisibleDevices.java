package dev.lepton.node.process;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.GpuDevice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which of this machine's devices a worker may see, in the variables each vendor's runtime reads. Lepton pins a
 * worker to device indices of its node; a vendor's runtime counts only its own devices, in the order its tool lists
 * them (what the probe found: {@code nvidia-smi}, then {@code rocm-smi}), so each device's own index is its place among
 * the node's devices of its resource.
 *
 * <p>A machine without AMD devices leaves the environment as the server made it ({@code CUDA_VISIBLE_DEVICES}, the
 * worker's indices). Where there are AMD devices ({@value #AMD_GPU}), a worker gets {@code ROCR_VISIBLE_DEVICES} with
 * their ROCm indices (the ROCm runtime's own isolation, which ROCm recommends on Linux) and {@code HIP_VISIBLE_DEVICES}
 * as {@code 0..k-1}, HIP counting within what ROCR shows; {@code CUDA_VISIBLE_DEVICES} names its NVIDIA GPUs, or, for a
 * worker with AMD devices and no NVIDIA GPU, repeats {@code HIP_VISIBLE_DEVICES}, since HIP reads it too and an empty
 * value would hide its devices.
 */
public final class VisibleDevices {
    public static final String AMD_GPU = "amd.com/gpu";
    public static final String NVIDIA_GPU = "nvidia.com/gpu";
    public static final VisibleDevices NONE = new VisibleDevices(List.of());

    /** Each device's resource and its own index, by Lepton's index. */
    private final Map<Integer, Own> byIndex = new HashMap<>();
    private final boolean hasAmd;

    private record Own(String resource, int index) {}

    private VisibleDevices(List<GpuDevice> devices) {
        Map<String, Integer> seen = new HashMap<>();
        devices.stream().sorted((a, b) -> Integer.compare(a.index(), b.index())).forEach(d ->
                byIndex.put(d.index(), new Own(d.resource(), seen.merge(d.resource(), 1, Integer::sum) - 1)));
        hasAmd = seen.containsKey(AMD_GPU);
    }

    /** The devices of this machine, as its node lists them. */
    public static VisibleDevices of(List<GpuDevice> devices) {
        return new VisibleDevices(requireNonNull(devices, "devices is null"));
    }

    /** The variables to set for a worker pinned to {@code indices}; none where the machine has no AMD device. */
    public Map<String, String> variables(List<Integer> indices) {
        if (!hasAmd) {
            return Map.of();
        }
        List<Integer> nvidia = new ArrayList<>();
        List<Integer> amd = new ArrayList<>();
        for (int index : indices) {
            Own own = byIndex.get(index);
            if (own != null && own.resource().equals(NVIDIA_GPU)) {
                nvidia.add(own.index());
            } else if (own != null && own.resource().equals(AMD_GPU)) {
                amd.add(own.index());
            }
        }
        String hip = join(IntStream.range(0, amd.size()).boxed().toList());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CUDA_VISIBLE_DEVICES", nvidia.isEmpty() && !amd.isEmpty() ? hip : join(nvidia));
        env.put("ROCR_VISIBLE_DEVICES", join(amd));
        env.put("HIP_VISIBLE_DEVICES", hip);
        return env;
    }

    private static String join(List<Integer> indices) {
        return indices.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
