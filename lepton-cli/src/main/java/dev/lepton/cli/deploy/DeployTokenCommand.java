package dev.lepton.cli.deploy;

import dev.lepton.api.v1.ApiToken;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import dev.lepton.cli.output.Units;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lepton deploy token create|list|revoke NAME}: a deployment's endpoint tokens, each calling that deployment's
 * endpoint and nothing else, for a client that should hold no Lepton token (an application, a partner).
 */
@Command(name = "token", description = "Create, list and revoke a deployment's endpoint tokens: each calls its endpoint and nothing else.")
public final class DeployTokenCommand {
    @Command(name = "create", description = "Make an endpoint token for a deployment and print it once (editor).")
    public static final class Create extends LeptonSubcommand {
        @Parameters(paramLabel = "NAME", description = "The deployment.")
        String name;

        @Override
        public Integer call() {
            Session session = session();
            ApiToken token = session.client().createEndpointToken(session.project(), name);
            session.output().show(token, t -> "endpoint token " + t.id() + " created for deployment " + name + "\n"
                    + "token: " + t.token() + "\n"
                    + "Copy the token now: it will not be shown again. Call with 'Authorization: Bearer <token>'.");
            return 0;
        }
    }

    @Command(name = "list", aliases = "ls", description = "List a deployment's endpoint tokens by id, without their secrets.")
    public static final class ListTokens extends LeptonSubcommand {
        @Parameters(paramLabel = "NAME", description = "The deployment.")
        String name;

        @Override
        public Integer call() {
            Session session = session();
            List<ApiToken> tokens = session.client().endpointTokens(session.project(), name);
            session.output().show(tokens, list -> {
                Table table = Table.of("id", "made by", "age");
                list.forEach(t -> table.row(t.id(), t.user(), Units.age(t.createdAt(), session.clock().instant())));
                return table.render();
            });
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke an endpoint token (its id from 'lepton deploy token list'): the gateway refuses it at once (editor).")
    public static final class Revoke extends LeptonSubcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The deployment.")
        String name;

        @Parameters(index = "1", paramLabel = "ID", description = "The token's id, as 'lepton deploy token list' shows it.")
        String id;

        @Override
        public Integer call() {
            Session session = session();
            ApiToken revoked = session.client().revokeEndpointToken(session.project(), name, id);
            session.output().show(revoked, t -> "endpoint token " + t.id() + " of deployment " + name + " revoked");
            return 0;
        }
    }
}
