package dev.lepton.serving.batching;

import dev.lepton.core.inference.InputRejectedException;
import dev.lepton.core.inference.LoadedModel;
import dev.lepton.core.inference.Tensor;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one batch: a request alone as it came; several stacked along dimension 0 into one run, each
 * getting back its own rows of every output it asked for. When a stacked run fails on its inputs,
 * or an output does not come back with one row per input row, each request is run alone instead, so
 * that one bad request fails alone and a model whose first dimension is not a batch still answers.
 */
final class BatchRun {
    private static final Logger log = LoggerFactory.getLogger(BatchRun.class);

    private final String name;
    private final LoadedModel model;
    private final InstantSource clock;
    private final QueueObserver observer;
    /** Set once a stacked run came back misaligned; from then on every request runs alone. */
    private boolean rowsMisaligned;

    BatchRun(String name, LoadedModel model, InstantSource clock, QueueObserver observer) {
        this.name = name;
        this.model = model;
        this.clock = clock;
        this.observer = observer;
    }

    void execute(List<InferenceCall> batch) {
        var started = clock.instant();
        batch.forEach(call -> observer.dequeued(Duration.between(call.enqueuedAt(), started)));
        if (batch.size() == 1 || rowsMisaligned) {
            batch.forEach(this::runAlone);
            return;
        }
        Map<String, Tensor> outputs;
        try {
            outputs = model.run(stack(batch), union(batch));
        } catch (InputRejectedException e) {
            log.atDebug().addKeyValue("model", name).addKeyValue("requests", batch.size()).log("a stacked run was refused; running each request alone");
            batch.forEach(this::runAlone);
            return;
        } catch (RuntimeException e) {
            batch.forEach(call -> call.result().completeExceptionally(e));
            return;
        }
        long rows = batch.stream().mapToLong(InferenceCall::rows).sum();
        observer.ran(batch.size(), rows, Duration.between(started, clock.instant()));
        if (outputs.values().stream().anyMatch(t -> t.shape().isEmpty() || t.rows() != rows)) {
            rowsMisaligned = true;
            log.atWarn().addKeyValue("model", name).log("an output did not have one row per input row; batching is off for this model from now on");
            batch.forEach(this::runAlone);
            return;
        }
        split(batch, outputs);
    }

    private void runAlone(InferenceCall call) {
        var started = clock.instant();
        try {
            Map<String, Tensor> outputs = model.run(call.inputs(), call.outputs());
            observer.ran(1, call.rows(), Duration.between(started, clock.instant()));
            call.result().complete(outputs);
        } catch (RuntimeException e) {
            call.result().completeExceptionally(e);
        }
    }

    private static Map<String, Tensor> stack(List<InferenceCall> batch) {
        Map<String, Tensor> stacked = new HashMap<>();
        for (String input : batch.get(0).inputs().keySet()) {
            stacked.put(input, Tensor.concatRows(batch.stream().map(call -> call.inputs().get(input)).toList()));
        }
        return stacked;
    }

    /** Every output some request asked for; all of them if one asked for all. */
    private static Set<String> union(List<InferenceCall> batch) {
        if (batch.stream().anyMatch(call -> call.outputs().isEmpty())) {
            return Set.of();
        }
        Set<String> union = new LinkedHashSet<>();
        batch.forEach(call -> union.addAll(call.outputs()));
        return union;
    }

    private static void split(List<InferenceCall> batch, Map<String, Tensor> outputs) {
        long offset = 0;
        for (InferenceCall call : batch) {
            Map<String, Tensor> own = new HashMap<>();
            for (Map.Entry<String, Tensor> output : outputs.entrySet()) {
                if (call.outputs().isEmpty() || call.outputs().contains(output.getKey())) {
                    own.put(output.getKey(), output.getValue().sliceRows(offset, call.rows()));
                }
            }
            offset += call.rows();
            call.result().complete(own);
        }
    }

    static List<InferenceCall> take(List<InferenceCall> waiting, List<Integer> positions) {
        List<InferenceCall> taken = new ArrayList<>(positions.size());
        positions.forEach(position -> taken.add(waiting.get(position)));
        positions.stream().sorted(java.util.Comparator.reverseOrder()).forEach(position -> waiting.remove((int) position));
        return taken;
    }
}
