/**
 * The model server a model replica runs ({@code lepton serve-model}): {@link dev.lepton.serving.ModelServer}
 * loads one model, warms it up, serves the Open Inference Protocol over HTTP and drains on stop.
 */
package dev.lepton.serving;
