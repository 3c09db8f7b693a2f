package dev.lepton.api.v1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.lepton.api.codec.StrictString;

/** Give a user a role in a project ({@code *}: every project), replacing the role they had there. */
public record ApiRoleRequest(@JsonDeserialize(using = StrictString.class) String project, String role) {}
