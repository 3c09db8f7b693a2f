package dev.lepton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.cli.ClientSettings.Flags;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {
    @TempDir
    Path userHome;

    @TempDir
    Path leptonHome;

    @Test
    void withNothingConfiguredTheCliTalksToTheLocalDefaultServerWithoutAToken() {
        ClientSettings settings = ClientSettings.resolve(Flags.NONE, Map.of(), userHome);

        assertThat(settings.server()).isEqualTo(URI.create("http://127.0.0.1:8420"));
        assertThat(settings.token()).isEmpty();
        assertThat(settings.project()).isEqualTo("default");
        assertThat(settings.home()).isEqualTo(userHome.resolve(".lepton"));
    }

    @Test
    void theCredentialsFileWrittenByTheServerSuppliesServerAndToken() throws IOException {
        writeCredentials("server=http://127.0.0.1:9999\ntoken=lep_fromfile\n");

        ClientSettings settings = ClientSettings.resolve(Flags.NONE, Map.of("LEPTON_HOME", leptonHome.toString()), userHome);

        assertThat(settings.server()).isEqualTo(URI.create("http://127.0.0.1:9999"));
        assertThat(settings.token()).contains("lep_fromfile");
        assertThat(settings.credentialsFile()).isEqualTo(leptonHome.resolve("credentials"));
    }

    @Test
    void theCredentialsFileIsFoundUnderTheUserHomeWhenLeptonHomeIsUnset() throws IOException {
        Files.createDirectories(userHome.resolve(".lepton"));
        Files.writeString(userHome.resolve(".lepton/credentials"), "token=lep_home\n");

        assertThat(ClientSettings.resolve(Flags.NONE, Map.of(), userHome).token()).contains("lep_home");
    }

    @Test
    void environmentVariablesWinOverTheCredentialsFile() throws IOException {
        writeCredentials("server=http://127.0.0.1:9999\ntoken=lep_fromfile\n");
        Map<String, String> env = Map.of("LEPTON_HOME", leptonHome.toString(), "LEPTON_SERVER", "http://env:1",
                "LEPTON_TOKEN", "lep_env", "LEPTON_PROJECT", "ml");

        ClientSettings settings = ClientSettings.resolve(Flags.NONE, env, userHome);

        assertThat(settings.server()).isEqualTo(URI.create("http://env:1"));
        assertThat(settings.token()).contains("lep_env");
        assertThat(settings.project()).isEqualTo("ml");
    }

    @Test
    void flagsWinOverEverything() throws IOException {
        writeCredentials("server=http://127.0.0.1:9999\ntoken=lep_fromfile\n");
        Map<String, String> env = Map.of("LEPTON_HOME", leptonHome.toString(), "LEPTON_SERVER", "http://env:1",
                "LEPTON_TOKEN", "lep_env", "LEPTON_PROJECT", "ml");

        ClientSettings settings = ClientSettings.resolve(new Flags("https://flag:2", "lep_flag", "vision"), env, userHome);

        assertThat(settings.server()).isEqualTo(URI.create("https://flag:2"));
        assertThat(settings.token()).contains("lep_flag");
        assertThat(settings.project()).isEqualTo("vision");
    }

    @Test
    void eachValueFallsBackOnItsOwn() throws IOException {
        writeCredentials("server=http://127.0.0.1:9999\ntoken=lep_fromfile\n");
        Map<String, String> env = Map.of("LEPTON_HOME", leptonHome.toString(), "LEPTON_SERVER", "http://env:1");

        ClientSettings settings = ClientSettings.resolve(Flags.NONE, env, userHome);

        assertThat(settings.server()).isEqualTo(URI.create("http://env:1"));
        assertThat(settings.token()).contains("lep_fromfile");
    }

    @Test
    void blankValuesCountAsUnset() throws IOException {
        writeCredentials("token=lep_fromfile\n");
        Map<String, String> env = Map.of("LEPTON_HOME", leptonHome.toString(), "LEPTON_TOKEN", "  ", "LEPTON_PROJECT", "");

        ClientSettings settings = ClientSettings.resolve(new Flags("", null, null), env, userHome);

        assertThat(settings.server()).isEqualTo(ClientSettings.DEFAULT_SERVER);
        assertThat(settings.token()).contains("lep_fromfile");
        assertThat(settings.project()).isEqualTo("default");
    }

    @Test
    void theCredentialsFileToleratesCommentsBlankLinesAndSpaces() throws IOException {
        writeCredentials("# written by lepton server\n\n server = http://127.0.0.1:7000 \ntoken=lep_a=b\n");

        ClientSettings settings = ClientSettings.resolve(Flags.NONE, Map.of("LEPTON_HOME", leptonHome.toString()), userHome);

        assertThat(settings.server()).isEqualTo(URI.create("http://127.0.0.1:7000"));
        assertThat(settings.token()).contains("lep_a=b");
    }

    @Test
    void aServerWithoutSchemeIsRefusedNamingWhereItCameFrom() {
        assertThatThrownBy(() -> ClientSettings.resolve(Flags.NONE, Map.of("LEPTON_SERVER", "localhost:8420"), userHome))
                .isInstanceOf(CliFailure.class)
                .hasMessage("LEPTON_SERVER: expected a server URL like http://127.0.0.1:8420, got 'localhost:8420'")
                .extracting(e -> ((CliFailure) e).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aBadServerLineInTheCredentialsFileNamesTheFile() throws IOException {
        writeCredentials("server=127.0.0.1:9999\n");

        assertThatThrownBy(() -> ClientSettings.resolve(Flags.NONE, Map.of("LEPTON_HOME", leptonHome.toString()), userHome))
                .hasMessageStartingWith(leptonHome.resolve("credentials") + ": expected a server URL");
    }

    @Test
    void theCredentialsFileIsNotReadWhenFlagsSayEverything() throws IOException {
        // A directory where the file should be: reading it would fail.
        Files.createDirectories(leptonHome.resolve("credentials"));
        Map<String, String> env = Map.of("LEPTON_HOME", leptonHome.toString());

        ClientSettings settings = ClientSettings.resolve(new Flags("http://a:1", "lep_x", null), env, userHome);

        assertThat(settings.token()).contains("lep_x");
        assertThatThrownBy(() -> ClientSettings.resolve(Flags.NONE, env, userHome))
                .isInstanceOf(CliFailure.class).hasMessageContaining("credentials: cannot read");
    }

    private void writeCredentials(String text) throws IOException {
        Files.writeString(leptonHome.resolve("credentials"), text);
    }
}
