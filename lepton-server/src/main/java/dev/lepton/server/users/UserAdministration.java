package dev.lepton.server.users;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiToken;
import dev.lepton.api.v1.ApiUser;
import dev.lepton.core.auth.Principal;
import dev.lepton.core.auth.Role;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.server.auth.Authenticator;
import dev.lepton.server.http.Caller;
import dev.lepton.server.http.Names;
import dev.lepton.store.Store;
import dev.lepton.store.TokenRecord;
import dev.lepton.store.Tx;
import dev.lepton.store.UserRecord;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a cluster admin does to other people: change or take away a role, disable, enable or
 * delete a user, list and revoke anyone's tokens. Each change commits with its audit entry, and
 * takes effect on the next request (the authenticator forgets what it remembered).
 *
 * <p>One change is refused whoever asks (409 {@code FAILED_PRECONDITION}, audited as refused): the
 * one that would leave no admin able to sign in, that is no enabled user with the admin role in
 * every project ({@code *}) and a token. The check and the change run in one write, so two admins
 * demoting each other at once cannot both succeed.
 */
public final class UserAdministration {
    private static final String LAST_ADMIN = "they are the last admin of every project ('*') who can sign in,"
            + " and the cluster would be left without one";

    private final Store store;
    private final Authenticator authenticator;
    private final InstantSource clock;

    public UserAdministration(Store store, Authenticator authenticator, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What happened to a change: done, answering the user as it now is (or was), or refused with the reason. */
    private sealed interface Outcome<T> {
        record Done<T>(T answer) implements Outcome<T> {}

        record Refused<T>(String why) implements Outcome<T> {}
    }

    public ApiUser setRole(Caller caller, String user, String project, Role role) {
        return change(caller, user, role.wireName() + " in " + project, tx -> {
            Role before = tx.users().roles(user).get(project);
            if (project.equals(Principal.ALL_PROJECTS) && before == Role.ADMIN && role != Role.ADMIN) {
                return lastAdminCheck(tx, user, "take the admin role in every project from");
            }
            return Optional.empty();
        }, tx -> tx.users().bindRole(user, project, role));
    }

    public ApiUser removeRole(Caller caller, String user, String project) {
        return change(caller, user, "no role in " + project, tx -> {
            Role before = tx.users().roles(user).get(project);
            if (before == null) {
                throw new LeptonException(ErrorCode.NOT_FOUND, "project: user '" + user + "' has no role in '" + project
                        + "' (lepton user list shows each user's roles)");
            }
            if (project.equals(Principal.ALL_PROJECTS) && before == Role.ADMIN) {
                return lastAdminCheck(tx, user, "take the admin role in every project from");
            }
            return Optional.empty();
        }, tx -> tx.users().removeRole(user, project));
    }

    public ApiUser setDisabled(Caller caller, String user, boolean disabled) {
        return change(caller, user, disabled ? "disabled" : "enabled",
                tx -> disabled ? lastAdminCheck(tx, user, "disable") : Optional.empty(),
                tx -> tx.users().setDisabled(user, disabled));
    }

    /** Deletes the user, their roles and their tokens; their jobs, events and audit entries stay. Answers the user as they were. */
    public ApiUser delete(Caller caller, String user) {
        requireName(user);
        Instant now = clock.instant();
        Outcome<ApiUser> outcome = store.write(tx -> {
            ApiUser before = current(tx, user);
            Optional<String> refusal = lastAdminCheck(tx, user, "delete");
            if (refusal.isPresent()) {
                tx.audit().record(now, caller.user(), caller.action(), "user/" + user, false, refusal.get());
                return new Outcome.Refused<>(refusal.get());
            }
            tx.users().deleteUser(user);
            tx.audit().record(now, caller.user(), caller.action(), "user/" + user, true, "deleted with "
                    + before.roles().size() + " role(s) and their tokens");
            return new Outcome.Done<>(before);
        });
        return settle(outcome);
    }

    /**
     * Revokes a token: any user their own, a cluster admin anyone's. To anyone else another user's
     * token does not exist (404), so ids cannot be probed.
     */
    public ApiToken revokeToken(Caller caller, String id) {
        Instant now = clock.instant();
        boolean admin = caller.principal().mayEverywhere(Role.ADMIN);
        Outcome<TokenRecord> outcome = store.write(tx -> {
            TokenRecord token = tx.users().tokenById(id).filter(t -> admin || t.user().equals(caller.user()))
                    .orElseThrow(() -> new LeptonException(ErrorCode.NOT_FOUND, "id: " + (admin ? "no user has" : "user '"
                            + caller.user() + "' has no") + " token '" + id + "' (lepton token list shows " + (admin ? "them" : "yours") + ")"));
            String target = "token/" + token.id();
            if (tx.users().tokens(token.user()).size() == 1 && isLastAdmin(tx, token.user())) {
                String why = "cannot revoke the last token of user '" + token.user() + "': " + LAST_ADMIN
                        + "; create another token first (lepton token create as " + token.user() + ")";
                tx.audit().record(now, caller.user(), caller.action(), target, false, why);
                return new Outcome.Refused<>(why);
            }
            tx.users().removeToken(token.user(), token.id());
            tx.audit().record(now, caller.user(), caller.action(), target, true, token.user().equals(caller.user()) ? "" : "of user " + token.user());
            return new Outcome.Done<>(token);
        });
        return UserRoutes.token(settle(outcome));
    }

    /** Tokens of one user or of all; another user's need the admin role in every project (refusal audited, 403). */
    public List<ApiToken> tokens(Caller caller, Optional<String> user, boolean allUsers) {
        if (allUsers && user.isPresent()) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "user: give either user or allUsers=true, not both (got user '"
                    + user.get() + "')");
        }
        if (allUsers || user.filter(u -> !u.equals(caller.user())).isPresent()) {
            caller.requireEverywhere(Role.ADMIN);
        }
        String whose = user.orElse(caller.user());
        List<TokenRecord> tokens = store.read(tx -> {
            if (!allUsers && !tx.users().exists(whose)) {
                throw LeptonException.notFound("user", whose);
            }
            return allUsers ? tx.users().allTokens() : tx.users().tokens(whose);
        });
        return tokens.stream().map(UserRoutes::token).toList();
    }

    /** The user as the API shows them: roles, and whether disabled. */
    static ApiUser view(UserRecord user) {
        return new ApiUser(user.name(), UserRoutes.wire(user.roles()), user.createdAt(), null, user.disabled());
    }

    /** One change of an existing user, checked by {@code check} (which may refuse) and audited either way. */
    private ApiUser change(Caller caller, String user, String detail, Function<Tx, Optional<String>> check, Consumer<Tx> apply) {
        requireName(user);
        Instant now = clock.instant();
        Outcome<ApiUser> outcome = store.write(tx -> {
            current(tx, user);
            Optional<String> refusal = check.apply(tx);
            if (refusal.isPresent()) {
                tx.audit().record(now, caller.user(), caller.action(), "user/" + user, false, refusal.get());
                return new Outcome.Refused<>(refusal.get());
            }
            apply.accept(tx);
            tx.audit().record(now, caller.user(), caller.action(), "user/" + user, true, detail);
            return new Outcome.Done<>(current(tx, user));
        });
        return settle(outcome);
    }

    private <T> T settle(Outcome<T> outcome) {
        return switch (outcome) {
            case Outcome.Done<T> done -> {
                authenticator.forget();
                yield done.answer();
            }
            case Outcome.Refused<T> refused -> throw new LeptonException(ErrorCode.FAILED_PRECONDITION, refused.why());
        };
    }

    /**
     * Refuses to {@code doing} {@code user} when they are the only admin who can sign in: enabled,
     * admin in every project, holding a token. A change to {@code user} leaves the other admins as they are.
     */
    private static Optional<String> lastAdminCheck(Tx tx, String user, String doing) {
        return isLastAdmin(tx, user) ? Optional.of("cannot " + doing + " user '" + user + "': " + LAST_ADMIN
                + "; make another user admin in '*' first (lepton user set-role NAME --project '*' --role admin)") : Optional.empty();
    }

    private static boolean isLastAdmin(Tx tx, String user) {
        List<String> admins = tx.users().enabledWithRoleEverywhere(Role.ADMIN).stream()
                .filter(admin -> !tx.users().tokens(admin).isEmpty()).toList();
        return admins.equals(List.of(user));
    }

    private static ApiUser current(Tx tx, String user) {
        return tx.users().find(user).map(UserAdministration::view).orElseThrow(() -> LeptonException.notFound("user", user));
    }

    private static void requireName(String user) {
        if (!Names.isValid(user)) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "name: " + Names.RULE + " (got '" + user + "')");
        }
    }
}
