/**
 * Quantities a workload asks for and a node offers: CPU in millicores, memory in bytes, accelerator
 * devices by resource name ({@code nvidia.com/gpu}, {@code amd.com/gpu}, …) by count.
 */
package dev.lepton.core.resource;
