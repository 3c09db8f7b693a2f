/**
 * The scheduler loop: one thread that owns the queue and the live jobs, turns events (submissions,
 * exits, cancels, timers) into transitions, places queued jobs and launches them.
 */
package dev.lepton.server.scheduler;
