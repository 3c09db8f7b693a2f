package dev.lepton.core.inference;

/**
 * A model runtime (ONNX Runtime, …): loads models and runs them. Implementations are thread-safe;
 * closing the runtime closes nothing it loaded, each {@link LoadedModel} is closed by its holder.
 */
public interface ModelRuntime extends AutoCloseable {
    /** The runtime's name as the protocol's model metadata gives it as {@code platform}. */
    String platform();

    /**
     * Loads the model at {@code location} (a file path for a file-based runtime).
     *
     * @throws ModelLoadException when the runtime cannot read or load it, saying why
     */
    LoadedModel load(String location);

    @Override
    void close();
}
