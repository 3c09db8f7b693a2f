package dev.lepton.core.inference;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What a model takes and gives: its inputs and outputs in the model's own order, each name once. */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        unique("input", inputs);
        unique("output", outputs);
    }

    public Optional<TensorSpec> input(String name) {
        return inputs.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    public Optional<TensorSpec> output(String name) {
        return outputs.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    public List<String> inputNames() {
        return inputs.stream().map(TensorSpec::name).toList();
    }

    public List<String> outputNames() {
        return outputs.stream().map(TensorSpec::name).toList();
    }

    /**
     * Whether requests can be stacked into one run: every input and every output has a dynamic first
     * dimension, so rows go in along dimension 0 and come out along it. A model with a scalar or a
     * fixed-size first dimension anywhere (silero's {@code sr}, a recurrent state) runs each request alone.
     */
    public boolean batchable() {
        return !inputs.isEmpty() && inputs.stream().allMatch(TensorSpec::hasBatchDimension)
                && outputs.stream().allMatch(TensorSpec::hasBatchDimension);
    }

    private static void unique(String what, List<TensorSpec> specs) {
        Set<String> seen = new HashSet<>();
        for (TensorSpec spec : specs) {
            if (!seen.add(spec.name())) {
                throw new IllegalArgumentException(what + " '" + spec.name() + "' appears twice");
            }
        }
    }
}
