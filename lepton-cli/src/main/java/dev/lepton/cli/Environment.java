package dev.lepton.cli;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Everything the CLI takes from the process it runs in, so that tests can hand it a made-up
 * environment instead of mutating the real one.
 *
 * @param variables environment variables ({@code LEPTON_SERVER}, {@code LEPTON_HOME}, …)
 * @param userHome where {@code ~/.lepton} lives unless {@code LEPTON_HOME} says otherwise
 */
public record Environment(Map<String, String> variables, Path userHome, InstantSource clock, RandomGenerator random,
                          InputStream in, PrintStream out, PrintStream err) {
    public Environment {
        variables = Map.copyOf(variables);
        requireNonNull(userHome, "userHome is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(random, "random is null");
        requireNonNull(in, "in is null");
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
    }

    public static Environment system() {
        // SplittableRandom, not RandomGenerator.getDefault(), which looks up every generator through a ServiceLoader.
        return new Environment(System.getenv(), Path.of(System.getProperty("user.home")), InstantSource.system(),
                new SplittableRandom(), System.in, System.out, System.err);
    }
}
