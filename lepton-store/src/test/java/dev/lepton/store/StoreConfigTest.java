package dev.lepton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

    @Test
    void a_sqlite_config_points_at_the_file_with_four_readers() {
        StoreConfig config = StoreConfig.sqlite(Path.of("/var/lib/lepton/lepton.db"));

        assertThat(config.url()).isEqualTo("jdbc:sqlite:/var/lib/lepton/lepton.db");
        assertThat(config.readPoolSize()).isEqualTo(4);
        assertThat(config.dialect()).isEqualTo("sqlite");
    }

    @Test
    void the_dialect_follows_the_url_prefix() {
        assertThat(StoreConfig.of("jdbc:postgresql://db:5432/lepton?user=lepton").dialect()).isEqualTo("postgresql");
        assertThat(StoreConfig.of("jdbc:sqlite:/tmp/x.db").dialect()).isEqualTo("sqlite");
    }

    @Test
    void another_database_is_refused_with_the_url_named() {
        assertThatThrownBy(() -> StoreConfig.of("jdbc:mysql://db/lepton"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:mysql://db/lepton");
    }

    @Test
    void a_password_never_shows_in_the_description() {
        StoreConfig config = new StoreConfig("jdbc:postgresql://db/lepton?user=u&password=hunter2", "u", "hunter2", 8);

        assertThat(config.toString()).doesNotContain("hunter2").contains("password=***");
    }

    @Test
    void at_least_one_reader_is_required() {
        assertThatThrownBy(() -> new StoreConfig("jdbc:sqlite:/tmp/x.db", "", "", 0)).hasMessageContaining("readPoolSize");
    }
}
