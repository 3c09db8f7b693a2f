package dev.lepton.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A SQLite file in a fresh temporary directory, one level down so that the store must create its parent. */
final class SqliteTestDatabase implements TestDatabase {
    private final Path directory;

    private SqliteTestDatabase(Path directory) {
        this.directory = directory;
    }

    static SqliteTestDatabase create() {
        try {
            return new SqliteTestDatabase(Files.createTempDirectory("lepton-store-test"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public StoreConfig config() {
        return StoreConfig.sqlite(directory.resolve("home").resolve("lepton.db"));
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(SqliteTestDatabase::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
