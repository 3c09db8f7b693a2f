package dev.lepton.core.failure;

import static java.util.Objects.requireNonNull;

/** An expected failure with a stable code; its message names the field and the value at fault. */
public class LeptonException extends RuntimeException {
    private final ErrorCode code;

    public LeptonException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public LeptonException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }

    public static LeptonException invalid(String field, Object value, String why) {
        return new LeptonException(ErrorCode.INVALID_SPEC, field + ": " + why + " (got " + value + ")");
    }

    public static LeptonException notFound(String what, String name) {
        return new LeptonException(ErrorCode.NOT_FOUND, what + " '" + name + "' not found");
    }
}
