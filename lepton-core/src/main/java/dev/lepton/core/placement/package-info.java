/**
 * Placement: a pure function from a cluster snapshot and a request to an outcome, run as a
 * pipeline of node filters then scorers. Every rejection and score is kept so it can be explained.
 */
package dev.lepton.core.placement;
