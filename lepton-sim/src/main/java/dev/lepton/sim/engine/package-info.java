/**
 * The discrete-event engine: arrivals, completions and policy re-orderings on a virtual clock in
 * milliseconds, each batch of simultaneous events followed by one call to the core
 * {@link dev.lepton.core.policy.Allocator}, whose plan is then applied.
 */
package dev.lepton.sim.engine;
