/**
 * The executor SPI: how the control plane starts, stops and re-finds worker processes, whatever
 * runs them (local processes, Kubernetes pods). Optional capabilities are separate interfaces.
 */
package dev.lepton.core.execution;
