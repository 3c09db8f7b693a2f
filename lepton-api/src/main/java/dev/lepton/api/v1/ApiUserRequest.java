package dev.lepton.api.v1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.lepton.api.codec.StrictString;

/** Create a user with one role in one project; the names are written as strings. */
public record ApiUserRequest(@JsonDeserialize(using = StrictString.class) String name,
                             @JsonDeserialize(using = StrictString.class) String project, String role) {}
