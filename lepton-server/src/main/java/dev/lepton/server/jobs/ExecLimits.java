package dev.lepton.server.jobs;

import dev.lepton.api.v1.ApiJobSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What the kernel's {@code execve} takes, checked when a job is submitted: a command it can never
 * start is refused naming the field, instead of failing at launch ({@code Argument list too long},
 * or 127 for an empty program name). Linux counts each argument and each {@code NAME=value} with its
 * terminating NUL, at most {@code MAX_ARG_STRLEN} (32 pages, 131072 bytes) each, and all of them with
 * a pointer each within {@code ARG_MAX} (a quarter of the stack limit: 2 MiB under the usual 8 MiB).
 */
final class ExecLimits {
    /** The longest argument or {@code NAME=value}, in bytes, without its NUL. */
    static final int MAX_STRING_BYTES = 131_072 - 1;
    /** Room for what Lepton adds: the wrapper script, the variables inherited from the server, the {@code LEPTON_*} ones. */
    private static final long RESERVED_BYTES = 64 << 10;
    /** What the command and the spec's environment may take together. */
    static final long MAX_TOTAL_BYTES = (2L << 20) - RESERVED_BYTES;
    private static final int POINTER_BYTES = 8;

    private ExecLimits() {}

    static void check(ApiJobSpec spec, List<String> faults) {
        List<String> command = spec.command() == null ? List.of() : spec.command();
        List<String> args = spec.args() == null ? List.of() : spec.args();
        String program = !command.isEmpty() ? command.getFirst() : args.isEmpty() ? null : args.getFirst();
        if (program != null && program.isBlank()) {
            faults.add((command.isEmpty() ? "spec.args[0]" : "spec.command[0]") + ": must name the program to run (got '" + program + "')");
        }
        long total = strings("spec.command", command, faults) + strings("spec.args", args, faults);
        for (Map.Entry<String, String> variable : (spec.env() == null ? Map.<String, String>of() : spec.env()).entrySet()) {
            long bytes = bytes(variable.getKey() + "=" + variable.getValue());
            if (bytes > MAX_STRING_BYTES) {
                faults.add("spec.env." + variable.getKey() + ": NAME=value may be at most " + MAX_STRING_BYTES
                        + " bytes, the kernel's limit (got " + bytes + " bytes)");
            }
            total += bytes + 1 + POINTER_BYTES;
        }
        if (total > MAX_TOTAL_BYTES) {
            faults.add("spec.command: the command and spec.env may take at most " + MAX_TOTAL_BYTES
                    + " bytes together, the kernel's limit less what Lepton adds (got " + total + " bytes)");
        }
    }

    /** The bytes {@code execve} counts for these arguments; faults for each one over the limit. */
    private static long strings(String field, List<String> values, List<String> faults) {
        long total = 0;
        for (int i = 0; i < values.size(); i++) {
            long bytes = bytes(values.get(i));
            if (bytes > MAX_STRING_BYTES) {
                faults.add(field + "[" + i + "]: an argument may be at most " + MAX_STRING_BYTES
                        + " bytes, the kernel's limit (got " + bytes + " bytes)");
            }
            total += bytes + 1 + POINTER_BYTES;
        }
        return total;
    }

    private static long bytes(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
