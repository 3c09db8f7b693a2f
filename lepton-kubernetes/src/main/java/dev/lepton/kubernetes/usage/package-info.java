/**
 * What workers' pods use and draw: from the cluster's metrics API ({@code metrics.k8s.io/v1beta1} PodMetrics, which
 * metrics-server serves from the kubelets) each pod's CPU rate and memory, added up into CPU time and peak memory per
 * worker; from the cluster's Prometheus, where one is given, the energy Kepler and NVIDIA's DCGM exporter count for
 * each pod; and, for what nothing measures, the energy their node's power model gives them.
 */
package dev.lepton.kubernetes.usage;
