package dev.lepton.server.auth;

import dev.lepton.core.auth.Principal;
import dev.lepton.core.auth.Role;
import dev.lepton.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start (no user at all): creates the {@code admin} user (admin in every project) and writes
 * its token to {@code $LEPTON_HOME/credentials} with mode 0600, where the CLI finds it. Later starts
 * only refresh the server address in that file; an {@code admin} that an admin deleted stays deleted.
 */
public final class Bootstrap {
    public static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private Bootstrap() {}

    public static void ensureAdmin(Store store, Path credentials, String serverUrl, InstantSource clock) {
        Optional<String> token = store.write(tx -> {
            if (!tx.users().list().isEmpty()) {
                return Optional.<String>empty();
            }
            String fresh = Tokens.generate();
            tx.users().createUser(ADMIN, clock.instant());
            tx.users().bindRole(ADMIN, Principal.ALL_PROJECTS, Role.ADMIN);
            tx.users().addToken(ADMIN, Tokens.hash(fresh), clock.instant());
            tx.audit().record(clock.instant(), "lepton", "user.create", "user/" + ADMIN, true, "first start");
            return Optional.of(fresh);
        });
        if (token.isPresent()) {
            writeCredentials(credentials, serverUrl, token.get());
            log.info("created the admin user; its token is in {}", credentials);
        } else if (Files.exists(credentials)) {
            readToken(credentials).ifPresent(t -> writeCredentials(credentials, serverUrl, t));
        } else {
            log.warn("the admin exists but {} is missing; create a user with an admin token to use the CLI", credentials);
        }
    }

    static Optional<String> readToken(Path credentials) {
        try {
            return Files.readAllLines(credentials).stream().filter(l -> l.startsWith("token="))
                    .map(l -> l.substring("token=".length()).strip()).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + credentials, e);
        }
    }

    /** Written to a 0600 temporary file, then moved over the old one, so it is never readable by others nor half-written. */
    static void writeCredentials(Path credentials, String serverUrl, String token) {
        try {
            Files.createDirectories(credentials.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(credentials.toAbsolutePath().getParent(), ".credentials", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, "server=" + serverUrl + "\ntoken=" + token + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, credentials, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + credentials, e);
        }
    }
}
