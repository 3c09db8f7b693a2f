/** The model server's Prometheus metrics ({@code lepton_model_*}): requests, latency, queue time, batch sizes. */
package dev.lepton.serving.metrics;
