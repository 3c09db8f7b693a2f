/** {@code lepton simulate}: replays a workload trace on a simulated cluster under a scheduling policy. */
package dev.lepton.cli.simulate;
