/**
 * {@code lepton deploy …}: create, apply, inspect, scale, roll back and delete deployments, a model or a command kept
 * running as replicas (jobs labelled {@code lepton.dev/deployment=NAME}) behind one endpoint.
 */
package dev.lepton.cli.deploy;
