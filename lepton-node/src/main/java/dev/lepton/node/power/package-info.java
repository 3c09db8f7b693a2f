/**
 * This machine's power, read where the host allows it and modelled where it does not: RAPL through
 * {@code /sys/class/powercap}, GPUs through {@code nvidia-smi} and {@code rocm-smi}, the CPU model from {@code /proc/stat},
 * and {@link dev.lepton.node.power.NodePower}, which chooses among them per component and says why.
 */
package dev.lepton.node.power;
