package dev.lepton.store;

import static dev.lepton.store.StoreTestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.auth.Role;
import dev.lepton.core.failure.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link UserRepository} promises on every database. */
abstract class UserRepositoryContract extends StoreContract {

    @Test
    void a_created_user_exists_and_a_second_with_the_name_is_already_exists() {
        store.write(tx -> {
            tx.users().createUser("alice", T0);
            return null;
        });

        assertThat(store.read((Tx tx) -> tx.users().exists("alice"))).isTrue();
        assertThat(store.read((Tx tx) -> tx.users().exists("bob"))).isFalse();
        assertFailsWith(ErrorCode.ALREADY_EXISTS, () -> store.write(tx -> {
            tx.users().createUser("alice", T0);
            return null;
        })).hasMessage("user 'alice' already exists");
    }

    @Test
    void binding_a_role_again_replaces_the_role_in_that_project() {
        store.write(tx -> {
            tx.users().createUser("alice", T0);
            tx.users().bindRole("alice", "ml", Role.VIEWER);
            tx.users().bindRole("alice", "vision", Role.EDITOR);
            tx.users().bindRole("alice", "ml", Role.ADMIN);
            return null;
        });

        assertThat(store.read((Tx tx) -> tx.users().roles("alice"))).isEqualTo(Map.of("ml", Role.ADMIN, "vision", Role.EDITOR));
        assertThat(store.read((Tx tx) -> tx.users().roles("nobody"))).isEmpty();
    }

    @Test
    void roles_and_tokens_of_unknown_users_are_not_found() {
        assertFailsWith(ErrorCode.NOT_FOUND, () -> store.write(tx -> {
            tx.users().bindRole("ghost", "ml", Role.ADMIN);
            return null;
        })).hasMessage("user 'ghost' not found");
        assertFailsWith(ErrorCode.NOT_FOUND, () -> store.write(tx -> {
            tx.users().addToken("ghost", sha256("lep_x"), T0);
            return null;
        }));
    }

    @Test
    void a_token_is_found_by_its_hash_and_never_stored_in_the_clear() {
        String hash = sha256("lep_secret");
        store.write(tx -> {
            tx.users().createUser("alice", T0);
            tx.users().addToken("alice", hash, T0);
            return null;
        });

        assertThat(store.read((Tx tx) -> tx.users().userForTokenHash(hash))).contains("alice");
        assertThat(store.read((Tx tx) -> tx.users().userForTokenHash(sha256("lep_other")))).isEmpty();
        assertThatThrownBy(() -> store.write(tx -> {
            tx.users().addToken("alice", "lep_secret", T0);
            return null;
        })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_same_token_hash_cannot_be_added_twice() {
        String hash = sha256("lep_secret");
        store.write(tx -> {
            tx.users().createUser("alice", T0);
            tx.users().createUser("bob", T0);
            tx.users().addToken("alice", hash, T0);
            return null;
        });

        assertFailsWith(ErrorCode.ALREADY_EXISTS, () -> store.write(tx -> {
            tx.users().addToken("bob", hash, T0);
            return null;
        }));
        assertThat(store.read((Tx tx) -> tx.users().userForTokenHash(hash))).contains("alice");
    }

    @Test
    void a_token_is_listed_by_the_start_of_its_hash_and_revoked_only_by_its_owner() {
        String first = sha256("lep_one");
        String second = sha256("lep_two");
        store.write(tx -> {
            tx.users().createUser("alice", T0);
            tx.users().createUser("bob", T0);
            tx.users().addToken("alice", first, T0);
            tx.users().addToken("alice", second, T0.plusSeconds(1));
            return null;
        });

        assertThat(store.read((Tx tx) -> tx.users().tokens("alice"))).extracting(TokenRecord::id)
                .containsExactly(first.substring(0, 12), second.substring(0, 12));
        assertThat((boolean) store.write((Tx tx) -> tx.users().removeToken("bob", first.substring(0, 12)))).isFalse();
        assertThat((boolean) store.write((Tx tx) -> tx.users().removeToken("alice", "not-an-id"))).isFalse();
        assertThat((boolean) store.write((Tx tx) -> tx.users().removeToken("alice", first.substring(0, 12)))).isTrue();
        assertThat(store.read((Tx tx) -> tx.users().userForTokenHash(first))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.users().userForTokenHash(second))).contains("alice");
    }

    @Test
    void the_user_list_holds_every_user_with_their_roles_by_name() {
        store.write(tx -> {
            tx.users().createUser("carol", T0.plusSeconds(2));
            tx.users().createUser("alice", T0);
            tx.users().bindRole("alice", "ml", Role.EDITOR);
            return null;
        });

        assertThat(store.read((Tx tx) -> tx.users().list())).containsExactly(
                new UserRecord("alice", T0, Map.of("ml", Role.EDITOR), false),
                new UserRecord("carol", T0.plusSeconds(2), Map.of(), false));
    }

    @Test
    void a_disabled_user_keeps_roles_and_tokens_but_no_token_of_theirs_authenticates_until_enabled() {
        String hash = sha256("lep_alice");
        store.write(tx -> {
            tx.users().createUser("alice", T0);
            tx.users().bindRole("alice", "ml", Role.EDITOR);
            tx.users().addToken("alice", hash, T0);
            return null;
        });

        assertThat((boolean) store.write((Tx tx) -> tx.users().setDisabled("alice", true))).isTrue();
        assertThat((boolean) store.write((Tx tx) -> tx.users().setDisabled("alice", true))).as("already disabled").isFalse();
        assertThat(store.read((Tx tx) -> tx.users().userForTokenHash(hash))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.users().holderOfTokenHash(hash))).contains("alice");
        assertThat(store.read((Tx tx) -> tx.users().list())).containsExactly(new UserRecord("alice", T0, Map.of("ml", Role.EDITOR), true));
        assertThat(store.read((Tx tx) -> tx.users().isDisabled("alice"))).isTrue();
        assertThat(store.read((Tx tx) -> tx.users().find("alice"))).contains(new UserRecord("alice", T0, Map.of("ml", Role.EDITOR), true));
        assertThat(store.read((Tx tx) -> tx.users().find("ghost"))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.users().tokens("alice"))).hasSize(1);

        assertThat((boolean) store.write((Tx tx) -> tx.users().setDisabled("alice", false))).isTrue();
        assertThat(store.read((Tx tx) -> tx.users().userForTokenHash(hash))).contains("alice");
        assertFailsWith(ErrorCode.NOT_FOUND, () -> store.write(tx -> tx.users().setDisabled("ghost", true)));
    }

    @Test
    void a_role_taken_away_leaves_the_others_and_a_deleted_user_leaves_no_role_nor_token() {
        String hash = sha256("lep_alice");
        store.write(tx -> {
            tx.users().createUser("alice", T0);
            tx.users().bindRole("alice", "ml", Role.EDITOR);
            tx.users().bindRole("alice", "vision", Role.VIEWER);
            tx.users().addToken("alice", hash, T0);
            return null;
        });

        assertThat((boolean) store.write((Tx tx) -> tx.users().removeRole("alice", "ml"))).isTrue();
        assertThat((boolean) store.write((Tx tx) -> tx.users().removeRole("alice", "ml"))).isFalse();
        assertThat(store.read((Tx tx) -> tx.users().roles("alice"))).isEqualTo(Map.of("vision", Role.VIEWER));

        assertThat((boolean) store.write((Tx tx) -> tx.users().deleteUser("alice"))).isTrue();
        assertThat((boolean) store.write((Tx tx) -> tx.users().deleteUser("alice"))).isFalse();
        assertThat(store.read((Tx tx) -> tx.users().exists("alice"))).isFalse();
        assertThat(store.read((Tx tx) -> tx.users().roles("alice"))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.users().allTokens())).isEmpty();
        assertThat(store.read((Tx tx) -> tx.users().userForTokenHash(hash))).isEmpty();
        store.write(tx -> {
            tx.users().createUser("alice", T0.plusSeconds(5));
            return null;
        });
        assertThat(store.read((Tx tx) -> tx.users().roles("alice"))).as("a new alice starts with nothing").isEmpty();
    }

    @Test
    void every_token_is_listed_by_user_and_found_by_id_whoever_holds_it() {
        String alices = sha256("lep_alice");
        String bobs = sha256("lep_bob");
        store.write(tx -> {
            tx.users().createUser("alice", T0);
            tx.users().createUser("bob", T0);
            tx.users().addToken("bob", bobs, T0);
            tx.users().addToken("alice", alices, T0.plusSeconds(1));
            return null;
        });

        assertThat(store.read((Tx tx) -> tx.users().allTokens())).extracting(TokenRecord::user).containsExactly("alice", "bob");
        assertThat(store.read((Tx tx) -> tx.users().tokenById(bobs.substring(0, 12)))).get().extracting(TokenRecord::user).isEqualTo("bob");
        assertThat(store.read((Tx tx) -> tx.users().tokenById("0123456789ab"))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.users().tokenById("x' OR '1'='1"))).isEmpty();
    }

    @Test
    void the_enabled_admins_of_every_project_are_those_holding_admin_in_star() {
        store.write(tx -> {
            for (String user : new String[] {"root", "ops", "lead", "viewer"}) {
                tx.users().createUser(user, T0);
            }
            tx.users().bindRole("root", "*", Role.ADMIN);
            tx.users().bindRole("ops", "*", Role.ADMIN);
            tx.users().bindRole("lead", "ml", Role.ADMIN);
            tx.users().bindRole("viewer", "*", Role.VIEWER);
            tx.users().setDisabled("ops", true);
            return null;
        });

        assertThat(store.read((Tx tx) -> tx.users().enabledWithRoleEverywhere(Role.ADMIN))).containsExactly("root");
        assertThat(store.read((Tx tx) -> tx.users().enabledWithRoleEverywhere(Role.VIEWER))).containsExactly("viewer");
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
