/** The jobs API: validating and mapping specs, creating, reading, cancelling and waiting on jobs, logs and explanations. */
package dev.lepton.server.jobs;
