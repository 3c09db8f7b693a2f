/** Machines that run workloads: what they have, which GPUs, and whether they are healthy. */
package dev.lepton.core.node;
