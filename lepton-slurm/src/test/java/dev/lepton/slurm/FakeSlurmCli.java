package dev.lepton.slurm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers Slurm commands with canned outputs: the answer whose key the command line starts with
 * (the longest such key wins); a command nobody prepared an answer for fails the test. Keeps every
 * command it was given, with its input.
 */
public final class FakeSlurmCli implements SlurmCli {
    private final Map<String, Answer> answers = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();

    public record Call(String commandLine, String stdin) {}

    private record Answer(int exitCode, String stdout, String stderr) {}

    public FakeSlurmCli answer(String commandPrefix, String stdout) {
        answers.put(commandPrefix, new Answer(0, stdout, ""));
        return this;
    }

    public FakeSlurmCli fail(String commandPrefix, int exitCode, String stderr) {
        answers.put(commandPrefix, new Answer(exitCode, "", stderr));
        return this;
    }

    @Override
    public synchronized CliOutput run(List<String> command, String stdin) {
        String line = String.join(" ", command);
        calls.add(new Call(line, stdin));
        Answer answer = answers.entrySet().stream()
                .filter(e -> line.startsWith(e.getKey()))
                .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
                .map(Map.Entry::getValue)
                .orElseThrow(() -> new AssertionError("no answer prepared for: " + line));
        return new CliOutput(command, answer.exitCode(), answer.stdout(), answer.stderr());
    }

    public synchronized List<String> commands() {
        return calls.stream().map(Call::commandLine).toList();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }
}
