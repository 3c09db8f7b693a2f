package dev.lepton.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** Something that happened to an object ({@code job/NAME}, {@code node/NAME}), in store order. */
public record Event(long seq, Instant at, String project, String object, String type, String message) {
    public Event {
        requireNonNull(at, "at is null");
        requireNonNull(project, "project is null");
        requireNonNull(object, "object is null");
        requireNonNull(type, "type is null");
        requireNonNull(message, "message is null");
    }
}
