package dev.lepton.server.http;

import dev.lepton.core.auth.Role;

/** What a route asks of its caller. */
public sealed interface Access {
    /** No token needed: probes, metrics, the API document. */
    record Public() implements Access {}

    /** Any valid token. */
    record Authenticated() implements Access {}

    /**
     * This role in the request's project: {@code ?project=} (default {@code default}), or, when
     * {@code projectInBody}, the project the handler reads from the body and checks itself.
     */
    record InProject(Role role, boolean projectInBody) implements Access {}

    /** This role in every project: cluster-wide objects such as nodes, queues and users. */
    record Cluster(Role role) implements Access {}

    static Access open() {
        return new Public();
    }

    static Access anyUser() {
        return new Authenticated();
    }

    static Access project(Role role) {
        return new InProject(role, false);
    }

    static Access projectInBody(Role role) {
        return new InProject(role, true);
    }

    static Access cluster(Role role) {
        return new Cluster(role);
    }
}
