package dev.lepton.api.v1;

/** The body of {@code POST /api/v1/nodes/{name}/cordon} and {@code …/drain}, optional: why, for the event and the audit log. */
public record ApiNodeHold(String reason) {}
