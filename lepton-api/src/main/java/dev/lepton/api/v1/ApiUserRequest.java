package dev.lepton.api.v1;

/** Create a user with one role in one project. */
public record ApiUserRequest(String name, String project, String role) {}
