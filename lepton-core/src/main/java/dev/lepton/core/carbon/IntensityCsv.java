package dev.lepton.core.carbon;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Reads an intensity series from CSV text (read as UTF-8 at the edge). Columns are matched by name,
 * ignoring case, so both Electricity Maps export headers are accepted:
 * <ul>
 *   <li>the older {@code Datetime (UTC), ..., Zone Id, Carbon Intensity gCO₂eq/kWh (direct),
 *       Carbon Intensity gCO₂eq/kWh (LCA), ...};</li>
 *   <li>the newer {@code Datetime (UTC), ..., Zone id, Carbon intensity gCO₂eq/kWh (direct),
 *       Carbon intensity gCO₂eq/kWh (Life cycle), ...};</li>
 *   <li>and the "Let's Wait Awhile" files, {@code Time,Carbon Intensity} (life-cycle factors, no zone
 *       column: the zone is the file name without {@code .csv}).</li>
 * </ul>
 * Timestamps are UTC, {@code yyyy-MM-dd HH:mm[:ss]} or ISO-8601 with an offset. Rows must be strictly in
 * time order. Rows within one hour (15- or 30-minute files) are averaged into that hour.
 *
 * <p><b>The gap rule</b>: an hour with no value (no row, or only empty cells) between two hours with
 * values is filled by linear interpolation in time between them, and counted in
 * {@link IntensitySeries#filledHours()}. Empty hours before the first value or after the last are not
 * filled: the series starts at the first hour with a value and ends after the last.
 *
 * <p>Bad input is refused with the file name and line: an unknown header, a row with the wrong number of
 * cells, an unparseable timestamp or number, a negative value, rows out of order or duplicated, a second
 * zone in one file.
 */
public final class IntensityCsv {
    private static final String TIME = "datetime (utc)";
    private static final String WAIT_AWHILE_TIME = "time";
    private static final String ZONE = "zone id";
    private static final List<String> LIFECYCLE_COLUMNS = List.of("carbon intensity gco₂eq/kwh (lca)",
            "carbon intensity gco₂eq/kwh (life cycle)", "carbon intensity");
    private static final List<String> DIRECT_COLUMNS = List.of("carbon intensity gco₂eq/kwh (direct)");
    private static final DateTimeFormatter PLAIN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]", Locale.ROOT);

    private IntensityCsv() {}

    /** Reads {@code text}, the content of {@code fileName}, taking the {@code factor} column. */
    public static IntensitySeries parse(String fileName, String text, EmissionFactor factor) {
        requireNonNull(fileName, "fileName is null");
        requireNonNull(text, "text is null");
        requireNonNull(factor, "factor is null");
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || lines.getFirst().isBlank()) {
            throw refused(fileName, 1, "empty file, expected a header line");
        }
        List<String> names = cells(stripBom(lines.getFirst())).stream().map(String::trim).toList();
        List<String> header = names.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        int time = header.indexOf(TIME) >= 0 ? header.indexOf(TIME) : header.indexOf(WAIT_AWHILE_TIME);
        int value = firstOf(header, factor == EmissionFactor.LIFECYCLE ? LIFECYCLE_COLUMNS : DIRECT_COLUMNS);
        if (time < 0 || value < 0) {
            throw refused(fileName, 1, unknownHeader(lines.getFirst(), factor, time < 0));
        }
        boolean electricityMaps = header.indexOf(TIME) >= 0;
        int zoneColumn = header.indexOf(ZONE);

        TreeMap<Instant, double[]> sumAndCountByHour = new TreeMap<>();
        Instant previous = null;
        String zone = null;
        for (int i = 1; i < lines.size(); i++) {
            int line = i + 1;
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> row = cells(lines.get(i));
            if (row.size() != header.size()) {
                throw refused(fileName, line, "expected " + header.size() + " cells as in the header, got " + row.size());
            }
            Instant at = timestamp(fileName, line, row.get(time).trim());
            if (previous != null && !at.isAfter(previous)) {
                throw refused(fileName, line, "timestamp " + row.get(time).trim() + (at.equals(previous)
                        ? " is duplicated" : " is out of order (before the previous row's " + previous + ")"));
            }
            previous = at;
            if (zoneColumn >= 0) {
                String rowZone = row.get(zoneColumn).trim();
                if (zone != null && !zone.equals(rowZone)) {
                    throw refused(fileName, line, "zone " + rowZone + " differs from the file's zone " + zone + "; one zone a file");
                }
                zone = rowZone;
            }
            double[] hour = sumAndCountByHour.computeIfAbsent(HourlyIntensity.hourOf(at), h -> new double[2]);
            String cell = row.get(value).trim();
            if (!cell.isEmpty()) {
                hour[0] += grams(fileName, line, cell);
                hour[1]++;
            }
        }
        sumAndCountByHour.values().removeIf(h -> h[1] == 0);
        if (sumAndCountByHour.isEmpty()) {
            throw refused(fileName, 1, "no carbon intensity values in column '" + names.get(value) + "'");
        }
        String stem = fileName.replaceFirst("(?i)\\.csv$", "");
        String origin = (electricityMaps ? "electricitymaps-csv:" : "lets-wait-awhile-csv:") + fileName;
        return interpolated(zone == null || zone.isEmpty() ? stem : zone, origin, sumAndCountByHour);
    }

    /** Hours from the first to the last with a value; the hours between without one filled linearly. */
    private static IntensitySeries interpolated(String zone, String origin, TreeMap<Instant, double[]> sumAndCountByHour) {
        Instant start = sumAndCountByHour.firstKey();
        int hours = (int) (Duration.between(start, sumAndCountByHour.lastKey()).toHours() + 1);
        double[] values = new double[hours];
        boolean[] filled = new boolean[hours];
        int known = -1;
        for (var entry : sumAndCountByHour.entrySet()) {
            int index = (int) Duration.between(start, entry.getKey()).toHours();
            values[index] = entry.getValue()[0] / entry.getValue()[1];
            for (int gap = known + 1; known >= 0 && gap < index; gap++) {
                double fraction = (double) (gap - known) / (index - known);
                values[gap] = values[known] + fraction * (values[index] - values[known]);
                filled[gap] = true;
            }
            known = index;
        }
        return new IntensitySeries(zone, origin, start, values, filled);
    }

    private static Instant timestamp(String fileName, int line, String cell) {
        try {
            if (cell.indexOf('T') > 0) {
                return OffsetDateTime.parse(cell).toInstant();
            }
            return LocalDateTime.parse(cell, PLAIN_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw refused(fileName, line, "unparseable timestamp '" + cell + "', expected yyyy-MM-dd HH:mm:ss (UTC) or ISO-8601");
        }
    }

    private static double grams(String fileName, int line, String cell) {
        double grams;
        try {
            grams = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw refused(fileName, line, "unparseable carbon intensity '" + cell + "'");
        }
        if (!Double.isFinite(grams) || grams < 0) {
            throw refused(fileName, line, "carbon intensity must be a finite number of gCO2e/kWh >= 0, got " + cell);
        }
        return grams;
    }

    private static String unknownHeader(String header, EmissionFactor factor, boolean noTime) {
        String want = noTime ? "no 'Datetime (UTC)' (Electricity Maps) or 'Time' (Let's Wait Awhile) column"
                : "no " + (factor == EmissionFactor.LIFECYCLE ? "life-cycle ('... (LCA)', '... (Life cycle)' or 'Carbon Intensity')"
                        : "direct ('Carbon Intensity gCO₂eq/kWh (direct)')") + " column";
        String hint = header.contains("â‚‚") ? "; the header looks read in the wrong encoding, read the file as UTF-8" : "";
        return "unknown header: " + want + hint + " in " + header.strip();
    }

    private static int firstOf(List<String> header, List<String> names) {
        return names.stream().mapToInt(header::indexOf).filter(i -> i >= 0).findFirst().orElse(-1);
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** Comma-separated cells; a cell may be double-quoted, with {@code ""} for a quote inside. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private static LeptonException refused(String fileName, int line, String why) {
        return new LeptonException(ErrorCode.INVALID_ARGUMENT, fileName + " line " + line + ": " + why);
    }
}
