package dev.lepton.api.v1;

/**
 * {@code status.dependencies[i]}: where one of {@code spec.after} stands: {@code state} is
 * {@code Met}, {@code Waiting} or {@code Never} (it ended in a way that cannot satisfy the
 * condition); {@code detail} says what the job it names is doing ({@code Running},
 * {@code 20 tasks: 4 Running, 16 Succeeded}).
 */
public record ApiDependencyStatus(String job, String condition, String state, String detail) {}
