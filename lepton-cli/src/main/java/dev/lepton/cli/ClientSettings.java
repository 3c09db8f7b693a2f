package dev.lepton.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the CLI sends requests and as whom. Each value is taken from the first source that has it:
 * <ul>
 *   <li>server: {@code --server}, {@code $LEPTON_SERVER}, {@code server=} in {@code $LEPTON_HOME/credentials},
 *       then {@value #DEFAULT_SERVER_TEXT};</li>
 *   <li>token: {@code --token}, {@code $LEPTON_TOKEN}, {@code token=} in the credentials file;</li>
 *   <li>project: {@code --project}, {@code $LEPTON_PROJECT}, then {@value #DEFAULT_PROJECT}.</li>
 * </ul>
 * {@code $LEPTON_HOME} defaults to {@code ~/.lepton}; {@code lepton server} writes the credentials file there.
 */
public record ClientSettings(URI server, Optional<String> token, String project, Path home) {
    static final String DEFAULT_SERVER_TEXT = "http://127.0.0.1:8420";
    public static final URI DEFAULT_SERVER = URI.create(DEFAULT_SERVER_TEXT);
    public static final String DEFAULT_PROJECT = "default";
    public static final String CREDENTIALS_FILE = "credentials";

    public ClientSettings {
        requireNonNull(server, "server is null");
        requireNonNull(token, "token is null");
        requireNonNull(project, "project is null");
        requireNonNull(home, "home is null");
    }

    /** What was given on the command line; {@code null} where the flag was not used. */
    public record Flags(String server, String token, String project) {
        public static final Flags NONE = new Flags(null, null, null);
    }

    public static ClientSettings resolve(Flags flags, Map<String, String> env, Path userHome) {
        Path home = nonBlank(env.get("LEPTON_HOME")).map(Path::of).orElse(userHome.resolve(".lepton"));
        // Read lazily: a user who passes --server and --token should not trip over an unreadable file.
        Map<String, String> credentials = needsCredentials(flags, env) ? readCredentials(home) : Map.of();
        return new ClientSettings(
                server(flags, env, credentials, home),
                firstOf(flags.token(), env.get("LEPTON_TOKEN"), credentials.get("token")),
                firstOf(flags.project(), env.get("LEPTON_PROJECT"), DEFAULT_PROJECT).orElseThrow(),
                home);
    }

    public Path credentialsFile() {
        return home.resolve(CREDENTIALS_FILE);
    }

    private static boolean needsCredentials(Flags flags, Map<String, String> env) {
        return firstOf(flags.server(), env.get("LEPTON_SERVER")).isEmpty()
                || firstOf(flags.token(), env.get("LEPTON_TOKEN")).isEmpty();
    }

    private static URI server(Flags flags, Map<String, String> env, Map<String, String> credentials, Path home) {
        if (nonBlank(flags.server()).isPresent()) {
            return parseServer(flags.server(), "--server");
        }
        if (nonBlank(env.get("LEPTON_SERVER")).isPresent()) {
            return parseServer(env.get("LEPTON_SERVER"), "LEPTON_SERVER");
        }
        if (nonBlank(credentials.get("server")).isPresent()) {
            return parseServer(credentials.get("server"), home.resolve(CREDENTIALS_FILE).toString());
        }
        return DEFAULT_SERVER;
    }

    /** Accepts only absolute http(s) URLs: {@code localhost:8420} would otherwise parse as scheme "localhost". */
    static URI parseServer(String text, String source) {
        String trimmed = text.strip();
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // fall through to the message below, which says what a good value looks like
        }
        throw new CliFailure(ExitCode.USAGE, source + ": expected a server URL like " + DEFAULT_SERVER_TEXT
                + ", got '" + trimmed + "'");
    }

    /** Lines {@code key=value}; blank lines and {@code #} comments are skipped; a missing file is empty. */
    static Map<String, String> readCredentials(Path home) {
        Path file = home.resolve(CREDENTIALS_FILE);
        try (Stream<String> lines = Files.lines(file)) {
            Map<String, String> values = new HashMap<>();
            lines.map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#") && line.contains("="))
                    .forEach(line -> values.putIfAbsent(line.substring(0, line.indexOf('=')).strip(),
                            line.substring(line.indexOf('=') + 1).strip()));
            return values;
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw CliFailure.badFile(file.toString(), "cannot read (" + e.getClass().getSimpleName()
                    + "); fix its permissions or pass --server and --token");
        }
    }

    private static Optional<String> firstOf(String... candidates) {
        return Stream.of(candidates).map(ClientSettings::nonBlank).flatMap(Optional::stream).findFirst();
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
