/**
 * Scheduling policies and the allocator: which jobs run now, which wait and why, and which running
 * jobs give way. A pure function of a snapshot and the candidates, driven alike by the server's loop
 * and by the simulator.
 */
package dev.lepton.core.policy;
