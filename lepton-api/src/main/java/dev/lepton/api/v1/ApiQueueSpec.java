package dev.lepton.api.v1;

import java.util.Map;

/**
 * A queue's quota and placement. {@code nominal} and {@code borrowingLimit} map resource names to
 * quantities: {@code cpu: "64"}, {@code memory: 256GiB}, {@code nvidia.com/gpu: "16"},
 * {@code nvidia.com/gpu:H100: "8"}. Without a nominal quota and a cohort, the queue is unlimited.
 * {@code scoring} weighs the placement scorers for its jobs: {@code binPack}, {@code spread},
 * {@code energy}, {@code carbon}, {@code cost} (default {@code binPack: 1}).
 */
public record ApiQueueSpec(String description, String cohort, Map<String, String> nominal, Map<String, String> borrowingLimit,
                           Map<String, Double> scoring) {
    public ApiQueueSpec(String description, String cohort, Map<String, String> nominal, Map<String, String> borrowingLimit) {
        this(description, cohort, nominal, borrowingLimit, null);
    }
}
