package dev.lepton.api.v1;

import java.time.Instant;

/**
 * An operator's hold on a node: who put it, why and when; {@code drain} when what ran there is moved too, or,
 * with {@code letFinish}, left to end by itself.
 */
public record ApiNodeCordon(String by, String reason, Instant at, boolean drain, boolean letFinish) {}
