package dev.lepton.core.failure;

/** What kind of failure an error is; the HTTP layer maps each kind to one status. */
public enum ErrorKind {
    USER_ERROR,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    TOO_LARGE,
    TOO_MANY_REQUESTS,
    UNAVAILABLE,
    /** Something the server forwarded to (a deployment's replica) failed to answer. */
    BAD_GATEWAY,
    INTERNAL
}
