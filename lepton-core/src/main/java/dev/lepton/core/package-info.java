/** Lepton's pure domain: resources, nodes, jobs and their lifecycle, placement and queues. No I/O, threads or clocks. */
package dev.lepton.core;
