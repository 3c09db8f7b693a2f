package dev.lepton.sim.pollux;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small comma-separated file with a header row, as the artifact's data files are (no quoting).
 * Every accessor reports a bad value with the file, the 1-based line and the field.
 */
final class CsvTable {
    private final Path file;
    private final List<String> header;
    private final List<Row> rows;

    /** One data row and the line it came from. */
    record Row(int line, List<String> cells) {
        Row {
            cells = List.copyOf(cells);
        }
    }

    private CsvTable(Path file, List<String> header, List<Row> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    static CsvTable read(Path file, List<String> requiredColumns) {
        requireNonNull(file, "file is null");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty() || lines.getFirst().isBlank()) {
            throw PolluxFormatException.inFile(file, "empty file, expected a header row");
        }
        List<String> header = split(lines.getFirst());
        for (String column : requiredColumns) {
            if (!header.contains(column)) {
                throw PolluxFormatException.at(file, 1, column, "missing column (header is " + header + ")");
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> cells = split(lines.get(i));
            if (cells.size() < header.size()) {
                throw PolluxFormatException.at(file, i + 1, header.get(cells.size()), "missing value (" + cells.size()
                        + " of " + header.size() + " columns)");
            }
            rows.add(new Row(i + 1, cells));
        }
        return new CsvTable(file, List.copyOf(header), List.copyOf(rows));
    }

    private static List<String> split(String line) {
        return Arrays.stream(line.split(",", -1)).map(String::strip).toList();
    }

    Path file() {
        return file;
    }

    List<Row> rows() {
        return rows;
    }

    String text(Row row, String field) {
        String value = row.cells().get(header.indexOf(field));
        if (value.isEmpty()) {
            throw PolluxFormatException.at(file, row.line(), field, "empty value");
        }
        return value;
    }

    double number(Row row, String field) {
        String value = text(row, field);
        try {
            double parsed = Double.parseDouble(value);
            if (!Double.isFinite(parsed)) {
                throw PolluxFormatException.at(file, row.line(), field, "not a finite number: '" + value + "'");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw PolluxFormatException.at(file, row.line(), field, "not a number: '" + value + "'");
        }
    }

    int integer(Row row, String field) {
        String value = text(row, field);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw PolluxFormatException.at(file, row.line(), field, "not an integer: '" + value + "'");
        }
    }

    PolluxFormatException error(Row row, String field, String problem) {
        return PolluxFormatException.at(file, row.line(), field, problem);
    }
}
