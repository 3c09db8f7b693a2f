package dev.lepton.serving.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import dev.lepton.core.inference.DataType;
import java.util.Optional;

/**
 * ONNX element types and the protocol's datatypes, both ways. ONNX Runtime's Java API can feed and
 * read FP32, FP64, FP16, BF16, INT8-64, UINT8 and BOOL; it has no Java type for UINT16-64 or a way to
 * pass strings as bytes, so models with those tensors are refused when loaded.
 */
final class OnnxTypes {
    private OnnxTypes() {}

    /** The protocol datatype of an ONNX element type, if this runtime can feed and read it. */
    static Optional<DataType> datatypeOf(OnnxTensorType onnx) {
        return Optional.ofNullable(switch (onnx) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FP32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.FP64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DataType.FP16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> DataType.BF16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOL;
            default -> null;
        });
    }

    /** The Java type ONNX Runtime is told the bytes of a tensor of {@code datatype} hold. */
    static OnnxJavaType javaTypeOf(DataType datatype) {
        return switch (datatype) {
            case FP32 -> OnnxJavaType.FLOAT;
            case FP64 -> OnnxJavaType.DOUBLE;
            case FP16 -> OnnxJavaType.FLOAT16;
            case BF16 -> OnnxJavaType.BFLOAT16;
            case INT8 -> OnnxJavaType.INT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case UINT8 -> OnnxJavaType.UINT8;
            case BOOL -> OnnxJavaType.BOOL;
            case UINT16, UINT32, UINT64, BYTES -> throw new IllegalArgumentException(datatype + " cannot be fed to ONNX Runtime from Java");
        };
    }
}
