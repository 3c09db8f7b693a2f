package dev.lepton.serving.batching;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.inference.DataType;
import dev.lepton.core.inference.ModelSignature;
import dev.lepton.core.inference.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What requests must share to be stacked into one run: for every input, its name, datatype and every
 * dimension after the first. Requests with different image sizes get different keys and run apart.
 */
public record BatchKey(List<Row> inputs) {
    public BatchKey {
        inputs = List.copyOf(inputs);
    }

    /** One input's row: everything but dimension 0. */
    public record Row(String name, DataType datatype, List<Long> rowShape) {
        public Row {
            requireNonNull(name, "name is null");
            requireNonNull(datatype, "datatype is null");
            rowShape = List.copyOf(rowShape);
        }
    }

    /**
     * The key of a request, or empty when it can only run alone: the model does not take batches, an
     * input is a scalar, or the inputs disagree on their number of rows.
     */
    public static Optional<BatchKey> of(ModelSignature signature, Map<String, Tensor> inputs) {
        if (!signature.batchable() || inputs.isEmpty()) {
            return Optional.empty();
        }
        List<Row> rows = new ArrayList<>();
        long count = -1;
        for (Map.Entry<String, Tensor> input : inputs.entrySet()) {
            List<Long> shape = input.getValue().shape();
            if (shape.isEmpty() || (count >= 0 && shape.get(0) != count)) {
                return Optional.empty();
            }
            count = shape.get(0);
            rows.add(new Row(input.getKey(), input.getValue().datatype(), shape.subList(1, shape.size())));
        }
        rows.sort(Comparator.comparing(Row::name));
        return Optional.of(new BatchKey(rows));
    }

    /** The rows a request carries: dimension 0 of its inputs (which {@link #of} found equal). */
    public static long rowsOf(Map<String, Tensor> inputs) {
        return inputs.values().iterator().next().rows();
    }
}
