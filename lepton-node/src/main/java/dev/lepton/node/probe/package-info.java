/**
 * What this machine has and how busy it is: CPUs, memory and NVIDIA GPUs detected through OSHI
 * and {@code nvidia-smi}, turned into the core {@code Node} and into periodic utilisation samples.
 */
package dev.lepton.node.probe;
