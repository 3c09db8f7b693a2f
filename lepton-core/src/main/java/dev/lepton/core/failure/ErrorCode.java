package dev.lepton.core.failure;

import static dev.lepton.core.failure.ErrorKind.CONFLICT;
import static dev.lepton.core.failure.ErrorKind.FORBIDDEN;
import static dev.lepton.core.failure.ErrorKind.INTERNAL;
import static dev.lepton.core.failure.ErrorKind.TOO_MANY_REQUESTS;
import static dev.lepton.core.failure.ErrorKind.NOT_FOUND;
import static dev.lepton.core.failure.ErrorKind.TOO_LARGE;
import static dev.lepton.core.failure.ErrorKind.UNAUTHENTICATED;
import static dev.lepton.core.failure.ErrorKind.UNAVAILABLE;
import static dev.lepton.core.failure.ErrorKind.USER_ERROR;

/** Stable error codes; clients switch on these, so never rename one. */
public enum ErrorCode {
    INVALID_SPEC(USER_ERROR),
    INVALID_ARGUMENT(USER_ERROR),
    ILLEGAL_TRANSITION(CONFLICT),
    NOT_AUTHENTICATED(UNAUTHENTICATED),
    PERMISSION_DENIED(FORBIDDEN),
    NOT_FOUND(ErrorKind.NOT_FOUND),
    ALREADY_EXISTS(CONFLICT),
    VERSION_CONFLICT(CONFLICT),
    STALE_EPOCH(CONFLICT),
    /** The object is in a state that forbids the request (a queue that still holds jobs); change that state first. */
    FAILED_PRECONDITION(CONFLICT),
    BODY_TOO_LARGE(TOO_LARGE),
    /** More requests from one token than the server takes per second; try again after the time it names. */
    RATE_LIMITED(TOO_MANY_REQUESTS),
    /** A user or project already has as many jobs queued or running as the server takes; some must end first. */
    LIMIT_EXCEEDED(TOO_MANY_REQUESTS),
    UNAVAILABLE(ErrorKind.UNAVAILABLE),
    /** A replica the gateway forwarded a request to refused it or broke off its answer. */
    REPLICA_FAILED(ErrorKind.BAD_GATEWAY),
    INTERNAL(ErrorKind.INTERNAL);

    private final ErrorKind kind;

    ErrorCode(ErrorKind kind) {
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
