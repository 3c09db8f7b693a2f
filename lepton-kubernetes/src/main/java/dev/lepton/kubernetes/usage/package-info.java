/**
 * What workers' pods use, from the cluster's metrics API ({@code metrics.k8s.io/v1beta1} PodMetrics, which
 * metrics-server serves from the kubelets): each pod's CPU rate and memory, added up into CPU time and peak
 * memory per worker; and, where nothing measures their power, the energy their node's power model gives them.
 */
package dev.lepton.kubernetes.usage;
