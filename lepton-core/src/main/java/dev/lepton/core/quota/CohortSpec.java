package dev.lepton.core.quota;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A group of queues that lend each other idle quota; cohorts may nest under a parent. */
public record CohortSpec(String name, Optional<String> parent) {
    public CohortSpec {
        requireNonNull(name, "name is null");
        requireNonNull(parent, "parent is null");
    }
}
