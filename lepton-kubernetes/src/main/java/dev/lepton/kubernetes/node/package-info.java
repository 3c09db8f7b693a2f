/**
 * The cluster's Node objects as Lepton's nodes: watched with an informer, mapped (allocatable CPU, memory and
 * NVIDIA GPUs, labels, taints, health) and told to the server whole on each change.
 */
package dev.lepton.kubernetes.node;
