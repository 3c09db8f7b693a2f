package dev.lepton.api.v1;

/**
 * The joules of a job's energy that came from one source: {@code rapl}, {@code nvidia-smi}, an
 * executor's measurement ({@code slurm:acct_gather_energy/ipmi}) or a model ({@code model:tdp-table},
 * {@code model:profile}, {@code model:power-limit}), and whether they were {@code measured} or {@code modelled}.
 */
public record ApiEnergySource(String source, double joules, String provenance) {}
