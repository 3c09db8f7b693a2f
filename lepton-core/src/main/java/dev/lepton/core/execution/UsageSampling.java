package dev.lepton.core.execution;

import java.util.Map;

/** Optional executor capability: current usage of every running worker. */
public interface UsageSampling {
    Map<AttemptId, Usage> sampleUsage();
}
