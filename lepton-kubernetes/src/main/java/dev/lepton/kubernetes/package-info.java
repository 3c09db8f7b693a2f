/**
 * A Kubernetes cluster as the place Lepton's workers run: {@link dev.lepton.kubernetes.KubernetesCluster}
 * reads a kubeconfig, checks the API server once at start, and makes the cluster's node source and executor.
 */
package dev.lepton.kubernetes;
