package dev.lepton.core.inference;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A tensor's element type, named as the Open Inference Protocol names it. Elements are stored
 * little-endian in their native size; a BOOL is one byte, 0 or 1. BYTES (variable-length strings)
 * has no fixed size: {@link #byteSize()} is 0 and no fixed-size operation applies to it.
 */
public enum DataType {
    BOOL(1),
    UINT8(1),
    UINT16(2),
    UINT32(4),
    UINT64(8),
    INT8(1),
    INT16(2),
    INT32(4),
    INT64(8),
    FP16(2),
    BF16(2),
    FP32(4),
    FP64(8),
    BYTES(0);

    private final int byteSize;

    DataType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element; 0 for {@link #BYTES}. */
    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return this == FP16 || this == BF16 || this == FP32 || this == FP64;
    }

    public boolean isUnsigned() {
        return this == UINT8 || this == UINT16 || this == UINT32 || this == UINT64;
    }

    /** The protocol's name (case-sensitive, as the protocol says), or an error listing the names there are. */
    public static DataType parse(String name) {
        for (DataType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        String hint = name != null && Arrays.stream(values()).anyMatch(t -> t.name().equals(name.toUpperCase(Locale.ROOT)))
                ? " (names are upper case)" : "";
        throw new IllegalArgumentException("'" + name + "' is not a datatype" + hint + "; use one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
