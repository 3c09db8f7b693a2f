/**
 * How a node holds workers to the CPU and memory they asked for: a cgroup per attempt where the host
 * lets us make one (v2 preferred, else v1), else a watch over sampled usage that kills a worker over
 * its memory limit. Either way an attempt ended for its memory is reported {@code OOMKilled}.
 */
package dev.lepton.node.limits;
