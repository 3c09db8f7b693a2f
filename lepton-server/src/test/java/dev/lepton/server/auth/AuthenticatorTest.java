package dev.lepton.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.auth.Principal;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.store.Store;
import dev.lepton.store.StoreConfig;
import dev.lepton.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens against a real store: what the authenticator answers from memory ({@link Authenticator#remembered} after {@link Authenticator#bearerHash}, which let the
 * gateway admit a caller on its selector thread) is exactly what it would answer without reading the store.
 */
class AuthenticatorTest {
    @TempDir
    Path dir;
    private final FakeClock clock = new FakeClock();
    private Store store;
    private Authenticator authenticator;
    private Optional<String> admin;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(StoreConfig.sqlite(dir.resolve("lepton.db")));
        Bootstrap.ensureAdmin(store, dir.resolve("credentials"), "http://127.0.0.1:8300", clock);
        admin = Optional.of("Bearer " + Bootstrap.readToken(dir.resolve("credentials")).orElseThrow());
        authenticator = new Authenticator(store, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void a_token_is_remembered_once_checked_until_its_time_is_up_or_users_change() {
        assertThat(remembered(admin)).as("never checked").isEmpty();

        assertThat(authenticator.authenticate(admin).user()).isEqualTo(Bootstrap.ADMIN);
        assertThat(remembered(admin).map(Principal::user)).hasValue(Bootstrap.ADMIN);
        assertThat(remembered(Optional.of("bearer " + admin.orElseThrow().substring(7))).map(Principal::user))
                .as("the scheme in any case").hasValue(Bootstrap.ADMIN);

        clock.advance(Authenticator.CACHE_FOR);
        assertThat(remembered(admin)).as("after " + Authenticator.CACHE_FOR).isEmpty();
        authenticator.authenticate(admin);
        authenticator.forget();
        assertThat(remembered(admin)).as("after a change to users").isEmpty();
    }

    @Test
    void what_is_not_remembered_is_never_taken_for_remembered() {
        assertThatThrownBy(() -> authenticator.authenticate(Optional.of("Bearer lep_unknown"))).isInstanceOf(LeptonException.class);

        assertThat(remembered(Optional.of("Bearer lep_unknown"))).as("a refused token").isEmpty();
        assertThat(remembered(Optional.empty())).isEmpty();
        assertThat(remembered(Optional.of("Basic " + admin.orElseThrow().substring(7)))).isEmpty();
        clock.advance(Duration.ofDays(1));
        assertThat(remembered(admin)).isEmpty();
    }

    /** What the gateway asks: the header's token hashed, then looked up in memory. */
    private Optional<Principal> remembered(Optional<String> authorization) {
        return Authenticator.bearerHash(authorization).flatMap(authenticator::remembered);
    }
}
