package dev.lepton.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Rows under an upper-case header, columns padded to line up, three spaces apart (as kubectl does).
 * Missing values show as {@code -} so that columns stay readable with {@code awk}.
 */
public final class Table {
    private static final String GAP = "   ";
    private static final String NONE = "-";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    private Table(List<String> headers) {
        this.headers = headers.stream().map(h -> h.toUpperCase(Locale.ROOT)).toList();
    }

    public static Table of(String... headers) {
        return new Table(List.of(headers));
    }

    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(Table::cell).toList());
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public String render() {
        int[] widths = widths();
        StringBuilder text = new StringBuilder();
        appendLine(text, headers, widths);
        rows.forEach(row -> appendLine(text, row, widths));
        return text.toString();
    }

    /** The header (lower case, as flags name columns) and rows as RFC 4180 CSV: a cell with a comma or a quote is quoted. */
    public String csv() {
        StringBuilder text = new StringBuilder();
        text.append(String.join(",", headers.stream().map(h -> csvCell(h.toLowerCase(Locale.ROOT))).toList())).append('\n');
        for (List<String> row : rows) {
            text.append(String.join(",", row.stream().map(Table::csvCell).toList())).append('\n');
        }
        return text.toString();
    }

    private static String csvCell(String cell) {
        return cell.matches("[^,\"\\r\\n]*") ? cell : '"' + cell.replace("\"", "\"\"") + '"';
    }

    private int[] widths() {
        int[] widths = headers.stream().mapToInt(String::length).toArray();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        return widths;
    }

    private static void appendLine(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(cells.get(i));
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cells.get(i).length())).append(GAP);
            }
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    /** One cell is one line: a multi-line message would break the columns. */
    private static String cell(Object value) {
        if (value == null) {
            return NONE;
        }
        String text = value.toString().replaceAll("\\s*\\R\\s*", " ").strip();
        return text.isEmpty() ? NONE : text;
    }
}
