/**
 * The {@code ModelRuntime} over ONNX Runtime: one environment per process, one session per model,
 * tensors copied in and out as little-endian bytes, ONNX element types mapped to the protocol's datatypes.
 */
package dev.lepton.serving.onnx;
