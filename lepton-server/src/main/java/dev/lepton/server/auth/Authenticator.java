package dev.lepton.server.auth;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.auth.Principal;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an {@code Authorization: Bearer lep_…} header into a principal, or refuses with 401.
 * Known tokens are remembered for a few seconds, so a busy client costs one store read per
 * {@link #CACHE_FOR}, not one per request; changes to users clear the memory at once.
 */
public final class Authenticator {
    static final Duration CACHE_FOR = Duration.ofSeconds(10);
    private static final int MAX_REMEMBERED = 10_000;

    private record Remembered(Principal principal, Instant until) {}

    private final Store store;
    private final InstantSource clock;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    public Authenticator(Store store, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * The principal behind a token where it was checked lately, without reading the store: what {@link #authenticate}
     * would answer for it. Empty where only the store can say. {@code tokenHash} as {@link #bearerHash} gives it.
     */
    public Optional<Principal> remembered(String tokenHash) {
        return remembered(tokenHash, clock.instant());
    }

    /** The hash of the token an {@code Authorization: Bearer …} header carries, as the store keeps tokens; empty for none. */
    public static Optional<String> bearerHash(Optional<String> authorization) {
        return authorization.filter(Authenticator::isBearer).map(Authenticator::hashOf);
    }

    public Principal authenticate(Optional<String> authorization) {
        String header = authorization.orElseThrow(() -> new LeptonException(ErrorCode.NOT_AUTHENTICATED,
                "missing Authorization header; send 'Authorization: Bearer <token>' (lepton token show prints yours)"));
        if (!isBearer(header)) {
            throw new LeptonException(ErrorCode.NOT_AUTHENTICATED, "Authorization header must be 'Bearer <token>'");
        }
        String hash = hashOf(header);
        Instant now = clock.instant();
        Optional<Principal> known = remembered(hash, now);
        if (known.isPresent()) {
            return known.get();
        }
        Principal principal = store.read(tx -> tx.users().userForTokenHash(hash).map(user -> new Principal(user, tx.users().roles(user))))
                .orElseThrow(() -> new LeptonException(ErrorCode.NOT_AUTHENTICATED, refusal(hash)));
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(hash, new Remembered(principal, now.plus(CACHE_FOR)));
        return principal;
    }

    private Optional<Principal> remembered(String hash, Instant now) {
        Remembered known = remembered.get(hash);
        return known != null && now.isBefore(known.until()) ? Optional.of(known.principal()) : Optional.empty();
    }

    private static boolean isBearer(String header) {
        return header.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    private static String hashOf(String bearer) {
        return Tokens.hash(bearer.substring(7).strip());
    }

    /** Why a token is refused: unknown, revoked, or its user is disabled (which only the token's holder can learn). */
    private String refusal(String hash) {
        return store.read(tx -> tx.users().holderOfTokenHash(hash))
                .map(user -> "user '" + user + "' is disabled; an admin can enable them again (lepton user enable " + user + ")")
                .orElse("unknown or revoked token");
    }

    /** Forget every remembered token: a user, role or token changed. */
    public void forget() {
        remembered.clear();
    }
}
