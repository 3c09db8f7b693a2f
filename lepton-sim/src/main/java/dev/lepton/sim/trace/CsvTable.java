package dev.lepton.sim.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A headed CSV file read row by row (plain comma-separated, no quoting: the traces have none). Every
 * field access names the file, line and column on failure.
 */
final class CsvTable {
    private final String file;
    private final Map<String, Integer> columns;

    private CsvTable(String file, Map<String, Integer> columns) {
        this.file = file;
        this.columns = columns;
    }

    /** Calls {@code rows} for every data row; fails if a column in {@code required} is missing from the header. */
    static void read(Path path, List<String> required, Consumer<Row> rows) {
        String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(path)) {
            String header = in.readLine();
            if (header == null) {
                throw TraceFormatException.at(file, 1, "header", "empty file; expected a header row with " + String.join(",", required));
            }
            Map<String, Integer> columns = new HashMap<>();
            String[] names = header.strip().replace("\uFEFF", "").split(",", -1);
            for (int i = 0; i < names.length; i++) {
                columns.putIfAbsent(names[i].strip().toLowerCase(Locale.ROOT), i);
            }
            for (String column : required) {
                if (!columns.containsKey(column)) {
                    throw TraceFormatException.at(file, 1, column, "missing column; the header has " + String.join(",", names));
                }
            }
            CsvTable table = new CsvTable(file, columns);
            String line;
            long number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    rows.accept(table.new Row(number, line.split(",", -1)));
                }
            }
        } catch (NoSuchFileException e) {
            throw new TraceFormatException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** One data row. */
    final class Row {
        private final long line;
        private final String[] cells;

        private Row(long line, String[] cells) {
            this.line = line;
            this.cells = cells;
        }

        long line() {
            return line;
        }

        boolean has(String column) {
            Integer i = columns.get(column);
            return i != null && i < cells.length && !cells[i].isBlank();
        }

        String text(String column) {
            Integer i = columns.get(column);
            if (i == null || i >= cells.length || cells[i].isBlank()) {
                throw fail(column, "missing value");
            }
            return cells[i].strip();
        }

        double number(String column) {
            String value = text(column);
            try {
                double d = Double.parseDouble(value);
                if (!Double.isFinite(d)) {
                    throw fail(column, "not a finite number ('" + value + "')");
                }
                return d;
            } catch (NumberFormatException e) {
                throw fail(column, "not a number ('" + value + "')");
            }
        }

        double nonNegative(String column) {
            double d = number(column);
            if (d < 0) {
                throw fail(column, "must be >= 0, got " + text(column));
            }
            return d;
        }

        int wholeNumber(String column, int min) {
            double d = number(column);
            if (d != Math.rint(d) || d > Integer.MAX_VALUE) {
                throw fail(column, "not a whole number ('" + text(column) + "')");
            }
            if (d < min) {
                throw fail(column, "must be >= " + min + ", got " + text(column));
            }
            return (int) d;
        }

        TraceFormatException fail(String column, String problem) {
            return TraceFormatException.at(file, line, column, problem);
        }
    }
}
