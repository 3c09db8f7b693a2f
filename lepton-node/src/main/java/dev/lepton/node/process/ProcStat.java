package dev.lepton.node.process;

/**
 * The fields of one {@code /proc/PID/stat} line that the executor needs. CPU figures are in clock
 * ticks and include reaped children ({@code cutime}, {@code cstime}), memory is in pages.
 */
record ProcStat(long pid, char state, long pgrp, long ownTicks, long reapedChildTicks, long startTicks, long rssPages) {
    // Field numbers from proc(5), counted from 1; the text after the last ')' starts at field 3.
    private static final int STATE = 3;
    private static final int PGRP = 5;
    private static final int UTIME = 14;
    private static final int CUTIME = 16;
    private static final int START_TIME = 22;
    private static final int RSS = 24;

    boolean zombie() {
        return state == 'Z' || state == 'X';
    }

    long cpuTicks() {
        return ownTicks + reapedChildTicks;
    }

    /** Parses a stat line; the command name may hold spaces and parentheses, so fields are counted after the last ')'. */
    static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open <= 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + line);
        }
        long pid = Long.parseLong(line.substring(0, open).trim());
        String[] rest = line.substring(close + 1).trim().split(" ");
        return new ProcStat(pid, rest[field(STATE)].charAt(0), Long.parseLong(rest[field(PGRP)]),
                number(rest, UTIME) + number(rest, UTIME + 1),
                number(rest, CUTIME) + number(rest, CUTIME + 1),
                number(rest, START_TIME), number(rest, RSS));
    }

    private static int field(int number) {
        return number - STATE;
    }

    private static long number(String[] rest, int fieldNumber) {
        return Long.parseLong(rest[field(fieldNumber)]);
    }
}
