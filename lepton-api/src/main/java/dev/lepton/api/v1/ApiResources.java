package dev.lepton.api.v1;

/** Resources per worker as written: {@code cpu: 500m}, {@code memory: 2GiB}, {@code gpus: 1}. */
public record ApiResources(String cpu, String memory, Integer gpus) {}
