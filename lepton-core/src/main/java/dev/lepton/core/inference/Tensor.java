package dev.lepton.core.inference;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A dense tensor: element type, shape and its elements in row-major order, little-endian, without
 * padding (the layout of the protocol's binary tensor data). The bytes are never changed after
 * construction: {@link #data()} hands out a read-only view. {@link DataType#BYTES} is not a dense
 * type and has no tensor here.
 */
public record Tensor(DataType datatype, List<Long> shape, ByteBuffer data) {
    public Tensor {
        requireNonNull(datatype, "datatype is null");
        shape = List.copyOf(shape);
        requireNonNull(data, "data is null");
        if (datatype == DataType.BYTES) {
            throw new IllegalArgumentException("BYTES tensors are not dense; only fixed-size datatypes are");
        }
        long elements = elementCount(shape);
        if (elements * datatype.byteSize() != data.remaining()) {
            throw new IllegalArgumentException("shape " + shape + " of " + datatype + " needs " + elements * datatype.byteSize()
                    + " bytes, got " + data.remaining());
        }
        data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A read-only little-endian view of the elements, positioned at the first. */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    public long elementCount() {
        return elementCount(shape);
    }

    public int byteSize() {
        return data.remaining();
    }

    /** The size of dimension 0; a scalar has none. */
    public long rows() {
        if (shape.isEmpty()) {
            throw new IllegalStateException("a scalar has no rows");
        }
        return shape.get(0);
    }

    /** The elements of {@code count} rows from row {@code from}, as a tensor of their own. */
    public Tensor sliceRows(long from, long count) {
        long rows = rows();
        if (from < 0 || count < 0 || from + count > rows) {
            throw new IllegalArgumentException("rows " + from + ".." + (from + count) + " outside 0.." + rows);
        }
        long rowBytes = rows == 0 ? 0 : byteSize() / rows;
        List<Long> sliced = new ArrayList<>(shape);
        sliced.set(0, count);
        return new Tensor(datatype, sliced, data.slice(Math.toIntExact(from * rowBytes), Math.toIntExact(count * rowBytes)));
    }

    /** The tensors' rows one after another along dimension 0; they must agree on type and on every other dimension. */
    public static Tensor concatRows(List<Tensor> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        Tensor first = parts.get(0);
        long rows = 0;
        int bytes = 0;
        for (Tensor part : parts) {
            if (part.datatype != first.datatype || part.shape.size() != first.shape.size() || first.shape.isEmpty()
                    || !part.shape.subList(1, part.shape.size()).equals(first.shape.subList(1, first.shape.size()))) {
                throw new IllegalArgumentException("cannot stack " + part.datatype + part.shape + " on " + first.datatype + first.shape);
            }
            rows += part.rows();
            bytes = Math.addExact(bytes, part.byteSize());
        }
        ByteBuffer joined = ByteBuffer.allocate(bytes);
        for (Tensor part : parts) {
            joined.put(part.data());
        }
        List<Long> shape = new ArrayList<>(first.shape);
        shape.set(0, rows);
        return new Tensor(first.datatype, shape, joined.flip());
    }

    public static Tensor zeros(DataType datatype, List<Long> shape) {
        return new Tensor(datatype, shape, ByteBuffer.allocate(Math.toIntExact(elementCount(shape) * datatype.byteSize())));
    }

    public static Tensor ofFloats(List<Long> shape, float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return new Tensor(DataType.FP32, shape, buffer);
    }

    public static Tensor ofLongs(List<Long> shape, long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(values);
        return new Tensor(DataType.INT64, shape, buffer);
    }

    /** The elements of an FP32 tensor. */
    public float[] floats() {
        if (datatype != DataType.FP32) {
            throw new IllegalStateException("a " + datatype + " tensor, not FP32");
        }
        float[] values = new float[Math.toIntExact(elementCount())];
        data().asFloatBuffer().get(values);
        return values;
    }

    /** The number of elements a shape holds; the empty shape (a scalar) holds one. */
    public static long elementCount(List<Long> shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("shape " + shape + " has a negative dimension");
            }
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }
}
