package dev.lepton.node.process;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the Linux process table under {@code /proc}. Every read tolerates processes that vanish
 * or belong to other users mid-scan: those are skipped, because the table changes while we read it.
 */
final class ProcFs {
    private static final Logger log = LoggerFactory.getLogger(ProcFs.class);
    private static final long DEFAULT_CLOCK_TICKS = 100;
    private static final long DEFAULT_PAGE_SIZE = 4096;

    private final Path root;
    private final long clockTicksPerSecond;
    private final long pageSize;

    ProcFs(Path root, long clockTicksPerSecond, long pageSize) {
        this.root = requireNonNull(root, "root is null");
        if (clockTicksPerSecond <= 0 || pageSize <= 0) {
            throw new IllegalArgumentException("clock ticks and page size must be positive: " + clockTicksPerSecond + ", " + pageSize);
        }
        this.clockTicksPerSecond = clockTicksPerSecond;
        this.pageSize = pageSize;
    }

    /** This host's {@code /proc}, with tick rate and page size asked of {@code getconf} once. */
    static ProcFs local() {
        return new ProcFs(Path.of("/proc"), getconf("CLK_TCK", DEFAULT_CLOCK_TICKS), getconf("PAGESIZE", DEFAULT_PAGE_SIZE));
    }

    Optional<ProcStat> stat(long pid) {
        try {
            return Optional.of(ProcStat.parse(Files.readString(root.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the process has a child now; true where the kernel does not say ({@code /proc/PID/task/PID/children}). */
    boolean hasChildren(long pid) {
        Path children = root.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(pid)).resolve("children");
        try {
            return !Files.readString(children).isBlank();
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * Whether the process has a handler for {@code signal} ({@code SigCgt} in its status), i.e. whether a
     * wrapper shell has reached its {@code trap} line; false if it is gone or unreadable.
     */
    boolean catches(long pid, int signal) {
        return signalMask(pid, "SigCgt:").map(mask -> (mask & (1L << (signal - 1))) != 0).orElse(false);
    }

    /**
     * Whether a live process of the group other than {@code except} would get {@code signal}: it does not
     * ignore it ({@code SigIgn} in its status). Processes that vanish or cannot be read count as not.
     */
    boolean anotherMemberTakes(long pgid, long except, int signal) {
        return processes().stream().filter(p -> p.pgrp() == pgid && p.pid() != except && !p.zombie())
                .anyMatch(p -> !signalMask(p.pid(), "SigIgn:").map(mask -> (mask & (1L << (signal - 1))) != 0).orElse(true));
    }

    private Optional<Long> signalMask(long pid, String field) {
        try {
            for (String line : Files.readAllLines(root.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith(field)) {
                    return Optional.of(Long.parseUnsignedLong(line.substring(field.length()).strip(), 16));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every process readable now. */
    List<ProcStat> processes() {
        List<ProcStat> all = new ArrayList<>();
        for (long pid : pids()) {
            stat(pid).ifPresent(all::add);
        }
        return all;
    }

    /** Whether a live (not zombie) process is in the group, i.e. whether signalling the group still matters. */
    boolean groupAlive(long pgid) {
        return processes().stream().anyMatch(p -> p.pgrp() == pgid && !p.zombie());
    }

    /** Usage summed over each requested process group; groups with no process left are absent. */
    Map<Long, Usage> usageByGroup(Set<Long> pgids) {
        Map<Long, long[]> sums = new HashMap<>();
        for (ProcStat p : processes()) {
            if (pgids.contains(p.pgrp())) {
                long[] sum = sums.computeIfAbsent(p.pgrp(), g -> new long[2]);
                sum[0] += p.cpuTicks();
                sum[1] += p.rssPages();
            }
        }
        Map<Long, Usage> usage = new HashMap<>();
        sums.forEach((pgid, sum) -> usage.put(pgid, new Usage((double) sum[0] / clockTicksPerSecond, sum[1] * pageSize)));
        return usage;
    }

    /** The pids whose initial environment sets {@code variable}, by its value; unreadable environments are skipped. */
    Map<String, List<Long>> pidsByEnvironment(String variable) {
        Map<String, List<Long>> found = new HashMap<>();
        for (long pid : pids()) {
            environment(pid, variable).ifPresent(value -> found.computeIfAbsent(value, v -> new ArrayList<>()).add(pid));
        }
        return found;
    }

    /** {@code variable} in the process's initial environment; empty if unset, or the process is gone or another user's. */
    Optional<String> environment(long pid, String variable) {
        String prefix = variable + "=";
        byte[] environ;
        try {
            environ = Files.readAllBytes(root.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | SecurityException e) {
            return Optional.empty(); // another user's process, or gone already
        }
        for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            if (entry.startsWith(prefix)) {
                return Optional.of(entry.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    private List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))) {
            entries.forEach(entry -> pids.add(Long.parseLong(entry.getFileName().toString())));
        } catch (IOException e) {
            log.atWarn().setMessage("cannot list the process table").addKeyValue("root", root).addKeyValue("error", e.toString()).log();
        }
        return pids;
    }

    private static long getconf(String name, long fallback) {
        try {
            Process p = new ProcessBuilder("getconf", name).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | NumberFormatException e) {
            log.atWarn().setMessage("getconf failed, using the usual default").addKeyValue("name", name)
                    .addKeyValue("default", fallback).addKeyValue("error", e.toString()).log();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return fallback;
    }
}
