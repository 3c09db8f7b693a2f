package dev.lepton.api.v1;

/** A scale request ({@code PUT /api/v1/deployments/{name}/scale}): the new bounds on the replica count. */
public record ApiScale(Integer min, Integer max) {}
