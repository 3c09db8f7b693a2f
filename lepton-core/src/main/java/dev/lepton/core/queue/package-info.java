/** Queues where jobs wait for placement, and the order in which they are considered. */
package dev.lepton.core.queue;
