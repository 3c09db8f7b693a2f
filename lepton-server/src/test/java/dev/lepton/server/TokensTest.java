package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiToken;
import dev.lepton.client.ApiException;
import dev.lepton.client.LeptonClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's own tokens: issued, listed by id, and revoked with immediate effect (an admin's powers: PeopleAdministrationTest). */
class TokensTest {
    @TempDir
    Path home;

    @Test
    void a_revoked_token_stops_working_at_once_and_others_go_on() {
        try (TestServer server = TestServer.start(home)) {
            LeptonClient alice = server.userClient("alice", "default", "viewer");
            ApiToken laptop = alice.createToken();
            LeptonClient fromLaptop = server.client(laptop.token());
            assertThat(fromLaptop.whoami().name()).isEqualTo("alice");
            assertThat(alice.tokens()).hasSize(2).extracting(ApiToken::token).containsOnlyNulls();
            assertThat(alice.tokens()).extracting(ApiToken::id).contains(laptop.id());

            LeptonClient bob = server.userClient("bob", "default", "editor");
            assertThatThrownBy(() -> bob.revokeToken(laptop.id())).as("another user's token is no token to bob").isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).status()).isEqualTo(404);
            fromLaptop.revokeToken(laptop.id());

            assertThatThrownBy(fromLaptop::whoami).isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).status()).isEqualTo(401);
            assertThat(alice.whoami().name()).isEqualTo("alice");
            assertThat(alice.tokens()).hasSize(1);
        }
    }
}
