package dev.lepton.serving;

import dev.lepton.core.inference.LoadedModel;
import dev.lepton.core.inference.ModelRuntime;
import dev.lepton.core.inference.ModelSignature;
import dev.lepton.core.inference.Tensor;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A real runtime whose models hold their first run (the warm-up) until the test opens the gate. */
final class GatedRuntime implements ModelRuntime {
    private final ModelRuntime real;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch firstRunStarted = new CountDownLatch(1);

    GatedRuntime(ModelRuntime real) {
        this.real = real;
    }

    void open() {
        gate.countDown();
    }

    boolean awaitFirstRun() throws InterruptedException {
        return firstRunStarted.await(30, TimeUnit.SECONDS);
    }

    @Override
    public String platform() {
        return real.platform();
    }

    @Override
    public LoadedModel load(String location) {
        LoadedModel model = real.load(location);
        return new LoadedModel() {
            @Override
            public ModelSignature signature() {
                return model.signature();
            }

            @Override
            public Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs) {
                firstRunStarted.countDown();
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return model.run(inputs, outputs);
            }

            @Override
            public void close() {
                model.close();
            }
        };
    }

    @Override
    public void close() {
        real.close();
    }
}
