/**
 * The model runtime SPI: load a model, read its signature (named, typed, shaped tensors) and run it
 * on a batch of named tensors. A runtime (ONNX Runtime in lepton-serving) implements it; the model
 * server and its batching speak only these types.
 */
package dev.lepton.core.inference;
