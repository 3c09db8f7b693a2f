package dev.lepton.cli.job;

import picocli.CommandLine.Command;

/** {@code lepton job}: a group only; without a subcommand picocli reports what is missing. */
@Command(name = "job", description = "Run and inspect jobs.",
        subcommands = {JobRunCommand.class, JobListCommand.class, JobGetCommand.class, JobLogsCommand.class,
                JobWaitCommand.class, JobExplainCommand.class, JobEventsCommand.class, JobCancelCommand.class, JobDeleteCommand.class})
public final class JobCommand {}
