package dev.lepton.core.placement;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How much training work a GPU does per watt, from its vendor datasheet: dense FP16/BF16 tensor
 * throughput with FP32 accumulation (TFLOPS, no sparsity) and board power. A model name is matched
 * as {@code nvidia-smi} reports it ("NVIDIA H100 80GB HBM3", "Tesla T4", "NVIDIA GeForce RTX 2080 Ti")
 * or as a cluster file names it ("H100", "RTX2080Ti"). Peak figures rank GPU generations; a job's
 * own speed-up is smaller, so these order nodes and never predict energy.
 */
final class GpuEfficiency {
    private record Spec(Pattern name, double tflops, double watts) {
        Spec(String regex, double tflops, double watts) {
            this(Pattern.compile("\\b" + regex + "\\b"), tflops, watts);
        }
    }

    /** Variants before their family, so that an H100 PCIe is not read as an SXM part. */
    private static final List<Spec> SPECS = List.of(
            new Spec("H200", 989, 700),
            new Spec("H100\\b.*\\bPCIE", 756, 350),
            new Spec("H100\\b.*\\bNVL", 835, 400),
            new Spec("H100", 989, 700),
            new Spec("A100", 312, 400),
            new Spec("L40S", 362, 350),
            new Spec("L40", 181, 300),
            new Spec("L4", 121, 72),
            new Spec("A10", 125, 150),
            new Spec("V100", 125, 300),
            new Spec("T4", 65, 70),
            new Spec("(QUADRO )?RTX ?6000(?! ADA)", 130.5, 295),
            new Spec("RTX ?2080 ?TI", 53.8, 250));

    private GpuEfficiency() {}

    /**
     * TFLOPS per watt of {@code model} at {@code powerLimitWatts} (its datasheet board power when
     * the device reports none); empty for a model without a datasheet figure here.
     */
    static Optional<Double> tflopsPerWatt(String model, double powerLimitWatts) {
        String name = model.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", " ").trim();
        for (Spec spec : SPECS) {
            if (spec.name().matcher(name).find()) {
                return Optional.of(spec.tflops() / (powerLimitWatts > 0 ? powerLimitWatts : spec.watts()));
            }
        }
        return Optional.empty();
    }
}
