package dev.lepton.cli;

import static java.util.Objects.requireNonNull;

import dev.lepton.cli.output.Output;
import dev.lepton.client.LeptonClient;
import java.time.InstantSource;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a running subcommand works with: resolved settings, the client, the output and the
 * environment. Built from the root command's global options once they are parsed.
 */
public final class Session {
    private final ClientSettings settings;
    private final Output output;
    private final Environment environment;
    private LeptonClient client;

    Session(ClientSettings settings, Output output, Environment environment) {
        this.settings = requireNonNull(settings, "settings is null");
        this.output = requireNonNull(output, "output is null");
        this.environment = requireNonNull(environment, "environment is null");
    }

    /** The session of the {@code lepton} command that {@code spec} belongs to; subcommands added from other modules use this too. */
    public static Session of(CommandSpec spec) {
        if (spec.root().userObject() instanceof LeptonCommand root) {
            return root.session();
        }
        throw new IllegalStateException("command '" + spec.qualifiedName() + "' is not under the lepton root command");
    }

    public ClientSettings settings() {
        return settings;
    }

    public String project() {
        return settings.project();
    }

    public Output output() {
        return output;
    }

    public Environment environment() {
        return environment;
    }

    public InstantSource clock() {
        return environment.clock();
    }

    /** Created on first use: commands such as {@code token show} never talk to the server. */
    public synchronized LeptonClient client() {
        if (client == null) {
            client = new LeptonClient(settings.server(), settings.token());
        }
        return client;
    }
}
