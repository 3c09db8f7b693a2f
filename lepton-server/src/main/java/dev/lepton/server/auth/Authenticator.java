package dev.lepton.server.auth;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.auth.Principal;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.store.Store;
import java.util.Optional;

/** Turns an {@code Authorization: Bearer lep_…} header into a principal, or refuses with 401. */
public final class Authenticator {
    private final Store store;

    public Authenticator(Store store) {
        this.store = requireNonNull(store, "store is null");
    }

    public Principal authenticate(Optional<String> authorization) {
        String header = authorization.orElseThrow(() -> new LeptonException(ErrorCode.NOT_AUTHENTICATED,
                "missing Authorization header; send 'Authorization: Bearer <token>' (lepton token show prints yours)"));
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new LeptonException(ErrorCode.NOT_AUTHENTICATED, "Authorization header must be 'Bearer <token>'");
        }
        String token = header.substring(7).strip();
        String hash = Tokens.hash(token);
        return store.read(tx -> tx.users().userForTokenHash(hash).map(user -> new Principal(user, tx.users().roles(user))))
                .orElseThrow(() -> new LeptonException(ErrorCode.NOT_AUTHENTICATED, "unknown or revoked token"));
    }
}
