/**
 * What this machine has and how busy it is: CPUs, memory, NVIDIA and AMD GPUs detected through OSHI,
 * {@code nvidia-smi} and {@code rocm-smi}, turned into the core {@code Node} and into periodic utilisation samples.
 */
package dev.lepton.node.probe;
