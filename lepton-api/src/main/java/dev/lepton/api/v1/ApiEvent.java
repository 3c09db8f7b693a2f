package dev.lepton.api.v1;

import java.time.Instant;

/** Something that happened to an object, in order ({@code seq}). */
public record ApiEvent(long seq, Instant at, String object, String type, String message) {}
