/**
 * A node's power and who used it: component readings marked measured or modelled, the linear
 * utilisation model with its node power profile and table of known hardware, and the pure split of
 * each interval's energy among the attempts that ran, with the unattributed rest kept as idle or system.
 */
package dev.lepton.core.energy;
