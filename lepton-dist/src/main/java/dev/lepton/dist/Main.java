package dev.lepton.dist;

import dev.lepton.cli.LeptonCommand;

/** Entry point of {@code lepton.jar}: every CLI command, {@code server} and {@code serve-model}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = LeptonCommand.run(args, new ServerCommand(), new ServeModelCommand());
        if (code != ServerCommand.KEEP_RUNNING) {
            System.exit(code);
        }
    }
}
