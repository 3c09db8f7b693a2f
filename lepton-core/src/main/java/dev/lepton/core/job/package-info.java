/** Jobs: what a user asks to run (spec), what is happening (status) and the lifecycle that connects them. */
package dev.lepton.core.job;
