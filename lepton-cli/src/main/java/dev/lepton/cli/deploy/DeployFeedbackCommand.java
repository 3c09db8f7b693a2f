package dev.lepton.cli.deploy;

import dev.lepton.api.v1.ApiFeedback;
import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lepton deploy feedback NAME --prediction ID (--rating X | --label L)}: what a prediction was worth, for its revision's record. */
@Command(name = "feedback", description = "Rate or label a prediction a deployment answered (its X-Lepton-Prediction-Id).",
        footer = {"", "Example: lepton deploy feedback iris --prediction 2.5f0c… --rating 1 --label setosa",
                "Counts and the mean rating per revision: lepton deploy status NAME"})
public final class DeployFeedbackCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The deployment.")
    String name;

    @Option(names = "--prediction", required = true, paramLabel = "ID", description = "The X-Lepton-Prediction-Id of the answer.")
    String prediction;

    @Option(names = "--rating", paramLabel = "X", description = "A rating (a number; the deployment's owners decide the scale).")
    Double rating;

    @Option(names = "--label", paramLabel = "TEXT", description = "The right answer, for later training.")
    String label;

    @Override
    public Integer call() {
        if (rating == null && label == null) {
            throw new CliFailure(ExitCode.USAGE, "--rating: give --rating, --label or both");
        }
        Session session = session();
        ApiFeedback sent = session.client().feedback(name, new ApiFeedback(prediction, rating, label));
        session.output().show(sent, f -> "feedback on prediction " + f.predictionId() + " of deployment " + name + " recorded");
        return 0;
    }
}
