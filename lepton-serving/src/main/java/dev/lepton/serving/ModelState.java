package dev.lepton.serving;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.inference.LoadedModel;
import dev.lepton.core.inference.ModelSignature;
import dev.lepton.serving.batching.ModelQueue;
import java.util.Optional;

/** The served model's phase with what that phase holds; each value immutable, replaced whole on a move. */
public sealed interface ModelState {
    ModelPhase phase();

    /** The model's signature once it is loaded. */
    default Optional<ModelSignature> signature() {
        return Optional.empty();
    }

    record Loading() implements ModelState {
        @Override
        public ModelPhase phase() {
            return ModelPhase.LOADING;
        }
    }

    record WarmingUp(LoadedModel model) implements ModelState {
        public WarmingUp {
            requireNonNull(model, "model is null");
        }

        @Override
        public ModelPhase phase() {
            return ModelPhase.WARMING_UP;
        }

        @Override
        public Optional<ModelSignature> signature() {
            return Optional.of(model.signature());
        }
    }

    record Ready(LoadedModel model, ModelQueue queue) implements ModelState {
        public Ready {
            requireNonNull(model, "model is null");
            requireNonNull(queue, "queue is null");
        }

        @Override
        public ModelPhase phase() {
            return ModelPhase.READY;
        }

        @Override
        public Optional<ModelSignature> signature() {
            return Optional.of(model.signature());
        }
    }

    record Failed(String reason) implements ModelState {
        public Failed {
            requireNonNull(reason, "reason is null");
        }

        @Override
        public ModelPhase phase() {
            return ModelPhase.FAILED;
        }
    }

    /** Stopping: requests already admitted still reach the queue and run; new ones are refused. */
    record Draining(LoadedModel model, ModelQueue queue) implements ModelState {
        public Draining {
            requireNonNull(model, "model is null");
            requireNonNull(queue, "queue is null");
        }

        @Override
        public ModelPhase phase() {
            return ModelPhase.DRAINING;
        }

        @Override
        public Optional<ModelSignature> signature() {
            return Optional.of(model.signature());
        }
    }

    record Stopped() implements ModelState {
        @Override
        public ModelPhase phase() {
            return ModelPhase.STOPPED;
        }
    }
}
