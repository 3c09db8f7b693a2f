package dev.lepton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.cli.CommandTree.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/** A command line builds only the commands it names, and what it builds is what the whole tree would run. */
class CommandTreeTest {
    @TempDir
    Path home;

    @Test
    void each_command_is_named_as_its_annotation_names_it() {
        for (Node node : all(CommandTree.COMMANDS)) {
            Command command = node.type().getAnnotation(Command.class);
            assertThat(command).as(node.type().getName()).isNotNull();
            assertThat(node.name()).as(node.type().getName()).isEqualTo(command.name());
            assertThat(node.aliases()).as(node.type().getName()).containsExactly(command.aliases());
            assertThat(command.subcommands()).as("subcommands live in CommandTree: " + node.type().getName()).isEmpty();
        }
    }

    @Test
    void the_values_skipped_while_routing_are_those_of_the_global_options_that_take_one() {
        CommandLine root = new TestTerminal(home).commandLine();
        Set<String> withValues = root.getCommandSpec().options().stream().filter(o -> o.arity().max() > 0)
                .flatMap(o -> Arrays.stream(o.names())).collect(Collectors.toSet());

        assertThat(CommandTree.GLOBAL_OPTIONS_WITH_VALUES).isEqualTo(withValues);
    }

    @Test
    void a_command_line_builds_the_root_its_group_and_its_command_only() {
        CommandLine line = new TestTerminal(home).commandLine("--project", "job", "-o", "json", "job", "ls", "--phase", "Running");

        assertThat(line.getSubcommands()).containsOnlyKeys("job");
        assertThat(line.getSubcommands().get("job").getSubcommands()).containsOnlyKeys("list", "ls");
    }

    @Test
    void a_group_alone_a_mistyped_command_or_help_gets_all_that_help_lists() {
        TestTerminal terminal = new TestTerminal(home);
        CommandLine whole = terminal.commandLine();

        assertThat(terminal.commandLine("job").getSubcommands().get("job").getSubcommands())
                .containsOnlyKeys(whole.getSubcommands().get("job").getSubcommands().keySet());
        assertThat(terminal.commandLine("job", "lsit").getSubcommands().get("job").getSubcommands())
                .containsOnlyKeys(whole.getSubcommands().get("job").getSubcommands().keySet());
        for (String[] line : List.of(new String[] {}, new String[] {"--help"}, new String[] {"help", "job"}, new String[] {"jbo", "list"},
                new String[] {"--", "job"})) {
            assertThat(terminal.commandLine(line).getSubcommands()).as(String.join(" ", line))
                    .containsOnlyKeys(whole.getSubcommands().keySet());
        }
    }

    @Test
    void every_command_built_alone_has_the_options_it_has_in_the_whole_tree() {
        TestTerminal terminal = new TestTerminal(home);
        CommandLine whole = terminal.commandLine();
        for (List<String> path : paths(whole)) {
            CommandLine alone = terminal.commandLine(path.toArray(String[]::new));
            assertThat(options(find(alone, path))).as(String.join(" ", path)).isEqualTo(options(find(whole, path)));
        }
    }

    @Test
    void global_options_and_help_work_on_a_command_built_alone() {
        TestTerminal terminal = new TestTerminal(home);

        assertThat(terminal.run("job", "list", "--help")).isZero();
        assertThat(terminal.out()).contains("Usage: lepton job list", "--output", "--project", "--server");
    }

    private static CommandLine find(CommandLine root, List<String> path) {
        CommandLine at = root;
        for (String word : path) {
            at = at.getSubcommands().get(word);
        }
        return at;
    }

    private static Set<String> options(CommandLine command) {
        return command.getCommandSpec().options().stream().map(OptionSpec::longestName).collect(Collectors.toSet());
    }

    private static List<List<String>> paths(CommandLine root) {
        List<List<String>> paths = new ArrayList<>();
        root.getSubcommands().forEach((name, sub) -> {
            if (!name.equals(sub.getCommandName())) {
                return;   // an alias
            }
            paths.add(List.of(name));
            sub.getSubcommands().forEach((leaf, command) -> {
                if (leaf.equals(command.getCommandName())) {
                    paths.add(List.of(name, leaf));
                }
            });
        });
        return paths;
    }

    private static List<Node> all(List<Node> nodes) {
        List<Node> all = new ArrayList<>();
        for (Node node : nodes) {
            all.add(node);
            all.addAll(all(node.children()));
        }
        return all;
    }
}
