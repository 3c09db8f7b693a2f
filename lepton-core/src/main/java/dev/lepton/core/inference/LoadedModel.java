package dev.lepton.core.inference;

import java.util.Map;
import java.util.Set;

/** One model loaded by a {@link ModelRuntime}, ready to run. Runs may be called from several threads. */
public interface LoadedModel extends AutoCloseable {
    ModelSignature signature();

    /**
     * Runs the model once on {@code inputs} (every input of the signature, by name, each fitting its
     * spec) and returns the {@code outputs} named, every one if the set is empty.
     *
     * @throws InputRejectedException when the runtime finds the inputs at fault (a value the graph refuses)
     */
    Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs);

    @Override
    void close();
}
