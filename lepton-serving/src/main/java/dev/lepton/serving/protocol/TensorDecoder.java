package dev.lepton.serving.protocol;

import dev.lepton.core.inference.DataType;
import dev.lepton.core.inference.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * An input's elements into a {@link Tensor} of its datatype: JSON numbers converted with their range
 * checked (an integer type takes only integers; a BOOL only true and false), binary data taken as it
 * is once its size fits the shape. Refusals name the input, the element and its value.
 */
final class TensorDecoder {
    private TensorDecoder() {}

    static Tensor decode(RequestInput input) {
        String label = "input '" + input.name() + "'";
        long count = elementCount(label, input.shape());
        DataType type = input.datatype();
        if (type == DataType.BYTES) {
            throw new InvalidRequestException(label + ".datatype: BYTES tensors are not served, only fixed-size datatypes");
        }
        return switch (input.data()) {
            case RequestInput.Json json -> fromJson(label, type, input.shape(), count, json.elements());
            case RequestInput.Binary binary -> fromBinary(label, type, input.shape(), count, binary.bytes());
        };
    }

    private static long elementCount(String label, List<Long> shape) {
        try {
            return Tensor.elementCount(shape);
        } catch (ArithmeticException e) {
            throw new InvalidRequestException(label + ".shape: " + shape + " holds more elements than a tensor can");
        }
    }

    private static Tensor fromBinary(String label, DataType type, List<Long> shape, long count, ByteBuffer bytes) {
        if (bytes.remaining() != count * type.byteSize()) {
            throw new InvalidRequestException(label + ": shape " + shape + " of " + type + " takes " + count * type.byteSize()
                    + " bytes of binary data, " + RequestReader.BINARY_DATA_SIZE + " is " + bytes.remaining());
        }
        if (type == DataType.BOOL) {
            for (int i = 0; i < bytes.remaining(); i++) {
                byte value = bytes.get(bytes.position() + i);
                if (value != 0 && value != 1) {
                    throw new InvalidRequestException(label + ": BOOL element " + i + " is the byte " + value + "; binary BOOLs are 0 or 1");
                }
            }
        }
        return new Tensor(type, shape, bytes);
    }

    private static Tensor fromJson(String label, DataType type, List<Long> shape, long count, JsonElements elements) {
        if (elements.size() != count) {
            throw new InvalidRequestException(label + ": shape " + shape + " holds " + count + " elements, but data has " + elements.size());
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(count * type.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < elements.size(); i++) {
            switch (type) {
                case FP32 -> out.putFloat((float) number(label, type, elements, i));
                case FP64 -> out.putDouble(number(label, type, elements, i));
                case FP16 -> out.putShort(Float.floatToFloat16((float) number(label, type, elements, i)));
                case BF16 -> out.putShort(bfloat16((float) number(label, type, elements, i)));
                case BOOL -> out.put((byte) bool(label, elements, i));
                case INT8, UINT8 -> out.put((byte) integer(label, type, elements, i));
                case INT16, UINT16 -> out.putShort((short) integer(label, type, elements, i));
                case INT32, UINT32 -> out.putInt((int) integer(label, type, elements, i));
                case INT64, UINT64 -> out.putLong(integer(label, type, elements, i));
                case BYTES -> throw new IllegalStateException("BYTES was refused before");
            }
        }
        return new Tensor(type, shape, out.flip());
    }

    private static double number(String label, DataType type, JsonElements elements, int i) {
        if (elements.kind(i) == JsonElements.Kind.BOOLEAN) {
            throw new InvalidRequestException(label + ": element " + i + " is " + elements.text(i) + ", but " + type + " takes numbers");
        }
        return elements.doubleValue(i);
    }

    private static int bool(String label, JsonElements elements, int i) {
        if (elements.kind(i) != JsonElements.Kind.BOOLEAN) {
            throw new InvalidRequestException(label + ": element " + i + " is " + elements.text(i) + ", but BOOL takes true or false");
        }
        return (int) elements.longValue(i);
    }

    /** The element as the integer type's bits, refused when it is not an integer or out of the type's range. */
    private static long integer(String label, DataType type, JsonElements elements, int i) {
        JsonElements.Kind kind = elements.kind(i);
        if (kind == JsonElements.Kind.UNSIGNED_ABOVE_LONG) {
            if (type == DataType.UINT64) {
                return elements.longValue(i);
            }
            throw outOfRange(label, type, elements, i);
        }
        if (kind != JsonElements.Kind.INTEGER) {
            throw new InvalidRequestException(label + ": element " + i + " is " + elements.text(i) + ", but " + type + " takes integers");
        }
        long value = elements.longValue(i);
        boolean fits = switch (type) {
            case INT8 -> value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE;
            case INT16 -> value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
            case INT32 -> value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
            case INT64 -> true;
            case UINT8 -> value >= 0 && value <= 0xFF;
            case UINT16 -> value >= 0 && value <= 0xFFFF;
            case UINT32 -> value >= 0 && value <= 0xFFFF_FFFFL;
            case UINT64 -> value >= 0;
            default -> throw new IllegalStateException(type + " is not an integer type");
        };
        if (!fits) {
            throw outOfRange(label, type, elements, i);
        }
        return value;
    }

    private static InvalidRequestException outOfRange(String label, DataType type, JsonElements elements, int i) {
        return new InvalidRequestException(label + ": element " + i + " (" + elements.text(i) + ") is out of range for " + type);
    }

    /** Round to nearest even on the 16 bits bfloat16 keeps; a NaN stays a NaN. */
    static short bfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }
}
