/**
 * The Open Inference Protocol's REST payloads: the inference request read from JSON (nested or flat
 * tensor data, and the binary tensor data extension), checked against a model's signature into
 * tensors, and the response written back as JSON or JSON plus binary outputs.
 */
package dev.lepton.serving.protocol;
