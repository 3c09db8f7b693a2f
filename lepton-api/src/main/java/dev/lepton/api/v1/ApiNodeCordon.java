package dev.lepton.api.v1;

import java.time.Instant;

/** An operator's hold on a node: who put it, why and when; {@code drain} when what ran there was moved too. */
public record ApiNodeCordon(String by, String reason, Instant at, boolean drain) {}
