/** Quantities a workload asks for and a node offers: CPU in millicores, memory in bytes, GPUs by count. */
package dev.lepton.core.resource;
