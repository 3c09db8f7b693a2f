package dev.lepton.core.inference;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One input or output of a model as the model declares it: its name, element type and shape, where
 * {@value #DYNAMIC} marks a dimension of any size. A spec whose first dimension is dynamic may carry
 * a batch of rows along it.
 */
public record TensorSpec(String name, DataType datatype, List<Long> shape) {
    public static final long DYNAMIC = -1;

    public TensorSpec {
        requireNonNull(name, "name is null");
        requireNonNull(datatype, "datatype is null");
        shape = List.copyOf(shape);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name is empty");
        }
        for (long dim : shape) {
            if (dim < DYNAMIC) {
                throw new IllegalArgumentException("shape of '" + name + "': dimensions are >= 0 or -1 (dynamic), got " + shape);
            }
        }
    }

    /** Whether dimension 0 is dynamic: rows of several requests may be stacked along it. */
    public boolean hasBatchDimension() {
        return !shape.isEmpty() && shape.get(0) == DYNAMIC;
    }

    /** Whether a tensor of {@code actual} shape fits: same rank, and every fixed dimension equal. */
    public boolean accepts(List<Long> actual) {
        if (actual.size() != shape.size()) {
            return false;
        }
        for (int i = 0; i < shape.size(); i++) {
            if (shape.get(i) != DYNAMIC && !shape.get(i).equals(actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** This shape with every dynamic dimension set to {@code size}: what a warm-up run feeds. */
    public List<Long> concreteShape(long size) {
        return shape.stream().map(dim -> dim == DYNAMIC ? size : dim).toList();
    }
}
