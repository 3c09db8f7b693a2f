package dev.lepton.api.v1;

/** Give a user a role in a project ({@code *}: every project), replacing the role they had there. */
public record ApiRoleRequest(String project, String role) {}
