/**
 * Workers as pods: one pod per worker bound to the node Lepton chose, a headless service per gang, and a pod
 * informer that turns each pod's end into the worker's exit. Pure parts ({@code WorkerPods}, {@code PodOutcome},
 * {@code PodNames}) are apart from the executor, which does the API calls.
 */
package dev.lepton.kubernetes.pod;
