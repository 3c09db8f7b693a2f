package dev.lepton.server.http;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.auth.Principal;
import dev.lepton.core.auth.Role;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Who is calling and in which project. {@link #require} refuses with 403 and has the refusal
 * audited through the callback the route table gave it.
 */
public final class Caller {
    private final Optional<Principal> principal;
    private final String project;
    private final String action;
    private final Consumer<String> auditDenial;

    Caller(Optional<Principal> principal, String project, String action, Consumer<String> auditDenial) {
        this.principal = requireNonNull(principal, "principal is null");
        this.project = requireNonNull(project, "project is null");
        this.action = requireNonNull(action, "action is null");
        this.auditDenial = requireNonNull(auditDenial, "auditDenial is null");
    }

    /**
     * The server acting for {@code user} with {@code role} in {@code project}: what a deployment's controller does
     * for the deployment's owner (its replica jobs are the owner's, held to the owner's limits). Nothing is audited as denied.
     */
    public static Caller actingFor(String user, Role role, String project, String action) {
        return new Caller(Optional.of(new Principal(user, Map.of(project, role))), project, action, target -> {});
    }

    public String user() {
        return principal.map(Principal::user).orElse("anonymous");
    }

    public Principal principal() {
        return principal.orElseThrow(() -> new LeptonException(ErrorCode.NOT_AUTHENTICATED, "this route needs a token"));
    }

    /** The project named by {@code ?project=}, or {@code default}. */
    public String project() {
        return project;
    }

    public String action() {
        return action;
    }

    /** Is the caller held to the tenant limits? Everyone is but a cluster admin, whom the threat model trusts. */
    public boolean limited() {
        return !principal().mayEverywhere(Role.ADMIN);
    }

    public void require(Role role, String inProject) {
        if (!principal().may(role, inProject)) {
            deny(role.wireName() + " role in project '" + inProject + "'", "project/" + inProject);
        }
    }

    public void requireEverywhere(Role role) {
        if (!principal().mayEverywhere(role)) {
            deny(role.wireName() + " role in every project", "cluster");
        }
    }

    private void deny(String needed, String target) {
        auditDenial.accept(target);
        throw new LeptonException(ErrorCode.PERMISSION_DENIED, "user '" + user() + "' may not " + action + ": it needs the " + needed);
    }
}
