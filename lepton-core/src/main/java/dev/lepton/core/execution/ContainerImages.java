package dev.lepton.core.execution;

/**
 * Optional executor capability, a marker: it runs each worker in the container image its job names
 * ({@link LaunchSpec#image()}), and the image is required. An executor without it runs commands on
 * its nodes' hosts, and a job that names an image is refused.
 */
public interface ContainerImages {}
