package dev.lepton.server.http;

import static java.util.Objects.requireNonNull;

/** A registered route: method, path template (OpenAPI style, {@code {name}}), the access it needs, what it does. */
public record Route(String method, String path, Access access, String action) {
    public Route {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        requireNonNull(access, "access is null");
        requireNonNull(action, "action is null");
    }
}
