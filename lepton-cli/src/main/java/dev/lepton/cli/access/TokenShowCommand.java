package dev.lepton.cli.access;

import dev.lepton.cli.ClientSettings;
import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.LeptonSubcommand;
import picocli.CommandLine.Command;

/**
 * {@code lepton token show}: the bare token, for {@code curl -H "Authorization: Bearer $(lepton token show)"}.
 * It ignores {@code -o}: the point is one word that a shell can splice in.
 */
@Command(name = "show", description = "Print the token the CLI would send, alone on one line.")
public final class TokenShowCommand extends LeptonSubcommand {
    @Override
    public Integer call() {
        ClientSettings settings = session().settings();
        String token = settings.token().orElseThrow(() -> new CliFailure(ExitCode.FAILED,
                "no token: pass --token, set LEPTON_TOKEN, or start 'lepton server', which writes one to "
                        + settings.credentialsFile()));
        session().environment().out().println(token);
        return 0;
    }
}
