package dev.lepton.api.v1;

import java.util.Map;

/**
 * {@code status.array}: the array a task belongs to ({@code name}, its {@code index}), or, for the
 * array itself, how many of its tasks are in each phase ({@code tasks}). {@code size} counts its
 * tasks, {@code indices} and {@code parallelism} are as submitted.
 */
public record ApiArrayStatus(String name, Integer index, Integer size, String indices, Integer parallelism, Map<String, Integer> tasks) {}
