/**
 * JMH benchmarks of the scheduling core in process: the {@code Allocator} called as the server and the
 * simulator call it, on a 5,000-node cluster. {@code bench/placement-jmh.sh} runs them.
 */
package dev.lepton.bench.jmh;
