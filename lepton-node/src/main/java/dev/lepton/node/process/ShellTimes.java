package dev.lepton.node.process;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the output of the POSIX {@code times} builtin: two lines of user and system time, the
 * shell's own then its children's, each written {@code <minutes>m<seconds>s} (dash prints six
 * decimals, bash three).
 */
final class ShellTimes {
    private static final Pattern TIME = Pattern.compile("(\\d+)m(\\d+(?:[.,]\\d+)?)s");

    private ShellTimes() {}

    /** User plus system seconds of the children line; empty if the text is not {@code times} output. */
    static OptionalDouble childrenCpuSeconds(String output) {
        String[] lines = output.strip().split("\\R");
        if (lines.length < 2) {
            return OptionalDouble.empty();
        }
        Matcher m = TIME.matcher(lines[1]);
        double total = 0;
        int found = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2).replace(',', '.'));
            found++;
        }
        return found == 2 ? OptionalDouble.of(total) : OptionalDouble.empty();
    }
}
