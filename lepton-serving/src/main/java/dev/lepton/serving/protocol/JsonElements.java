package dev.lepton.serving.protocol;

import java.util.Arrays;

/**
 * The scalars of a tensor's JSON {@code data}, flattened in row-major order and kept as the JSON
 * gave them (an integer, a decimal, a boolean) until the tensor's datatype says what they become:
 * the datatype may come after the data in the object.
 */
final class JsonElements {
    enum Kind { INTEGER, DECIMAL, BOOLEAN, UNSIGNED_ABOVE_LONG }

    private static final Kind[] KINDS = Kind.values();

    private long[] values = new long[256];
    private byte[] kinds = new byte[256];
    private int size;

    void addInteger(long value) {
        add(Kind.INTEGER, value);
    }

    void addDecimal(double value) {
        add(Kind.DECIMAL, Double.doubleToRawLongBits(value));
    }

    void addBoolean(boolean value) {
        add(Kind.BOOLEAN, value ? 1 : 0);
    }

    /** An integer in (Long.MAX_VALUE, 2^64): only a UINT64 holds it, as these 64 bits. */
    void addUnsignedAboveLong(long bits) {
        add(Kind.UNSIGNED_ABOVE_LONG, bits);
    }

    int size() {
        return size;
    }

    Kind kind(int index) {
        return KINDS[kinds[index]];
    }

    /** An INTEGER or UNSIGNED_ABOVE_LONG's bits, or a BOOLEAN's 0 or 1. */
    long longValue(int index) {
        return values[index];
    }

    double doubleValue(int index) {
        return switch (kind(index)) {
            case DECIMAL -> Double.longBitsToDouble(values[index]);
            case INTEGER -> values[index];
            case UNSIGNED_ABOVE_LONG -> Long.toUnsignedString(values[index]).transform(Double::parseDouble);
            case BOOLEAN -> throw new IllegalStateException("a boolean has no number");
        };
    }

    /** The element as the request wrote it, for messages. */
    String text(int index) {
        return switch (kind(index)) {
            case INTEGER -> Long.toString(values[index]);
            case DECIMAL -> Double.toString(Double.longBitsToDouble(values[index]));
            case BOOLEAN -> values[index] == 1 ? "true" : "false";
            case UNSIGNED_ABOVE_LONG -> Long.toUnsignedString(values[index]);
        };
    }

    private void add(Kind kind, long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            kinds = Arrays.copyOf(kinds, size * 2);
        }
        values[size] = value;
        kinds[size] = (byte) kind.ordinal();
        size++;
    }
}
