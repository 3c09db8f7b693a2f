package dev.lepton.cli.output;

import java.util.Locale;

/** The {@code Label:    value} lines that sum one object up for people, values lined up; a missing value shows as {@code -}. */
public final class Fields {
    private Fields() {}

    /** Appends one line; an empty label continues the line above (a second value of the same field). */
    public static void field(StringBuilder text, String label, Object value) {
        String shown = value == null || value.toString().isBlank() ? "-" : value.toString().strip();
        text.append(String.format(Locale.ROOT, "%-11s%s", label.isEmpty() ? "" : label + ":", shown)).append('\n');
    }
}
