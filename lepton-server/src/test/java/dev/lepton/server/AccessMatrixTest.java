package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.server.http.Route;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route × every kind of caller, against an expectation written out here independently of
 * the route table: a new route without a row fails the test, and so does any unexpected allow.
 */
class AccessMatrixTest {
    /** Who may call a route. */
    enum Need { PUBLIC, ANY_USER, VIEWER, EDITOR, ADMIN, VIEWER_EVERYWHERE, CLUSTER_ADMIN }

    static final Map<String, Need> EXPECTED = new LinkedHashMap<>();
    /** A gzip stream of nothing, and its SHA-256: the smallest code snapshot an upload accepts. */
    static final byte[] EMPTY_GZIP = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    static final String EMPTY_GZIP_SHA256 = sha256(EMPTY_GZIP);

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static {
        EXPECTED.put("GET /healthz", Need.PUBLIC);
        EXPECTED.put("GET /readyz", Need.PUBLIC);
        EXPECTED.put("GET /metrics", Need.PUBLIC);
        EXPECTED.put("GET /api/v1/openapi.json", Need.PUBLIC);
        EXPECTED.put("POST /api/v1/jobs", Need.EDITOR);
        EXPECTED.put("GET /api/v1/jobs", Need.VIEWER);
        EXPECTED.put("GET /api/v1/usage", Need.VIEWER);
        EXPECTED.put("GET /api/v1/reports/energy", Need.VIEWER);
        EXPECTED.put("GET /api/v1/reports/sustainability", Need.VIEWER_EVERYWHERE);
        EXPECTED.put("GET /api/v1/reports/idle", Need.VIEWER);
        EXPECTED.put("GET /api/v1/jobs/{name}", Need.VIEWER);
        EXPECTED.put("DELETE /api/v1/jobs/{name}", Need.EDITOR);
        EXPECTED.put("POST /api/v1/jobs/{name}/cancel", Need.EDITOR);
        EXPECTED.put("GET /api/v1/jobs/{name}/wait", Need.VIEWER);
        EXPECTED.put("GET /api/v1/jobs/{name}/explain", Need.VIEWER);
        EXPECTED.put("GET /api/v1/jobs/{name}/events", Need.VIEWER);
        EXPECTED.put("GET /api/v1/jobs/{name}/logs", Need.VIEWER);
        EXPECTED.put("GET /api/v1/nodes", Need.ANY_USER);
        EXPECTED.put("GET /api/v1/nodes/{name}", Need.ANY_USER);
        EXPECTED.put("POST /api/v1/nodes/{name}/cordon", Need.CLUSTER_ADMIN);
        EXPECTED.put("POST /api/v1/nodes/{name}/drain", Need.CLUSTER_ADMIN);
        EXPECTED.put("POST /api/v1/nodes/{name}/uncordon", Need.CLUSTER_ADMIN);
        EXPECTED.put("HEAD /api/v1/code/{sha256}", Need.VIEWER);
        EXPECTED.put("PUT /api/v1/code/{sha256}", Need.EDITOR);
        EXPECTED.put("GET /api/v1/queues", Need.ANY_USER);
        EXPECTED.put("GET /api/v1/queues/{name}", Need.ANY_USER);
        EXPECTED.put("POST /api/v1/queues", Need.CLUSTER_ADMIN);
        EXPECTED.put("DELETE /api/v1/queues/{name}", Need.CLUSTER_ADMIN);
        EXPECTED.put("GET /api/v1/cohorts", Need.ANY_USER);
        EXPECTED.put("POST /api/v1/cohorts", Need.CLUSTER_ADMIN);
        EXPECTED.put("DELETE /api/v1/cohorts/{name}", Need.CLUSTER_ADMIN);
        EXPECTED.put("POST /api/v1/users", Need.ADMIN);
        EXPECTED.put("GET /api/v1/users", Need.CLUSTER_ADMIN);
        EXPECTED.put("POST /api/v1/users/{name}/roles", Need.CLUSTER_ADMIN);
        EXPECTED.put("DELETE /api/v1/users/{name}/roles/{project}", Need.CLUSTER_ADMIN);
        EXPECTED.put("POST /api/v1/users/{name}/disable", Need.CLUSTER_ADMIN);
        EXPECTED.put("POST /api/v1/users/{name}/enable", Need.CLUSTER_ADMIN);
        EXPECTED.put("DELETE /api/v1/users/{name}", Need.CLUSTER_ADMIN);
        EXPECTED.put("GET /api/v1/whoami", Need.ANY_USER);
        EXPECTED.put("POST /api/v1/tokens", Need.ANY_USER);
        EXPECTED.put("GET /api/v1/tokens", Need.ANY_USER);
        EXPECTED.put("POST /api/v1/tokens/{id}/revoke", Need.ANY_USER);
        EXPECTED.put("GET /api/v1/audit", Need.CLUSTER_ADMIN);
        EXPECTED.put("GET /api/v1/audit/verify", Need.CLUSTER_ADMIN);
        EXPECTED.put("GET /api/v1/deployments", Need.VIEWER);
        EXPECTED.put("POST /api/v1/deployments", Need.EDITOR);
        EXPECTED.put("GET /api/v1/deployments/{name}", Need.VIEWER);
        EXPECTED.put("PUT /api/v1/deployments/{name}", Need.EDITOR);
        EXPECTED.put("DELETE /api/v1/deployments/{name}", Need.EDITOR);
        EXPECTED.put("PUT /api/v1/deployments/{name}/scale", Need.EDITOR);
        EXPECTED.put("POST /api/v1/deployments/{name}/rollback", Need.EDITOR);
        EXPECTED.put("GET /api/v1/deployments/{name}/events", Need.VIEWER);
        EXPECTED.put("POST /api/v1/deployments/{name}/tokens", Need.EDITOR);
        EXPECTED.put("GET /api/v1/deployments/{name}/tokens", Need.VIEWER);
        EXPECTED.put("POST /api/v1/deployments/{name}/tokens/{id}/revoke", Need.EDITOR);
        // Open at the route: a public deployment takes anyone's feedback; a token one checks (DeploymentsEndToEndTest).
        EXPECTED.put("POST /endpoints/{name}/feedback", Need.PUBLIC);
    }

    /** Routes whose query asks for more than the route's own need: a route checks these itself. */
    static final Map<String, Need> EXPECTED_WITH_QUERY = new LinkedHashMap<>();

    static {
        EXPECTED_WITH_QUERY.put("GET /api/v1/tokens?allUsers=true", Need.CLUSTER_ADMIN);
        EXPECTED_WITH_QUERY.put("GET /api/v1/tokens?user=admin", Need.CLUSTER_ADMIN);
        EXPECTED_WITH_QUERY.put("GET /api/v1/jobs?allProjects=true", Need.VIEWER_EVERYWHERE);
    }

    /** A caller and what it holds in project "a" (the project every request targets). */
    record Caller(String label, String token, int rank, boolean clusterAdmin, boolean viewerEverywhere) {
        Caller(String label, String token, int rank, boolean clusterAdmin) {
            this(label, token, rank, clusterAdmin, clusterAdmin);
        }

        boolean authenticated() {
            return token != null && !token.contains("not-a-real");
        }
    }

    @TempDir
    static Path home;
    static TestServer server;
    static List<Caller> callers = new ArrayList<>();
    static final AtomicInteger unique = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = TestServer.start(home);
        callers.add(new Caller("no token", null, -1, false));
        callers.add(new Caller("unknown token", "lep_not-a-real-token", -1, false));
        callers.add(new Caller("viewer of a", token("viewer-a", "a", "viewer"), 0, false));
        callers.add(new Caller("editor of a", token("editor-a", "a", "editor"), 1, false));
        callers.add(new Caller("admin of a", token("admin-a", "a", "admin"), 2, false));
        callers.add(new Caller("admin of b", token("admin-b", "b", "admin"), -1, false));
        callers.add(new Caller("viewer everywhere", token("viewer-all", "*", "viewer"), 0, false, true));
        callers.add(new Caller("cluster admin", server.adminToken(), 2, true));
        server.admin.createJob(ApiJob.of(ObjectMeta.named("target", "a"),
                new ApiJobSpec(List.of("sleep", "600"), null, null, null, null, null, null, null, null, null, null, null)), false, Optional.empty());
    }

    static String token(String user, String project, String role) {
        return server.admin.createUser(new dev.lepton.api.v1.ApiUserRequest(user, project, role)).token();
    }

    @AfterAll
    static void stop() {
        // The matrix itself may have cancelled the job, and then deleted it.
        boolean live = server.admin.jobs(Optional.of("a"), Optional.empty(), 100, Optional.empty()).items().stream()
                .anyMatch(j -> j.metadata().name().equals("target") && !j.status().phase().equals("Cancelled"));
        if (live) {
            server.admin.cancelJob("a", "target");
        }
        server.close();
    }

    @Test
    void every_registered_route_has_an_expectation_and_every_expectation_a_route() {
        List<String> registered = server.server.routes().stream().map(r -> r.method() + " " + r.path()).toList();
        assertThat(registered).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @Test
    void no_caller_is_allowed_what_its_role_does_not_grant() throws Exception {
        List<String> unexpectedAllows = new ArrayList<>();
        List<String> unexpectedDenials = new ArrayList<>();
        List<String> serverErrors = new ArrayList<>();
        long auditBefore = server.server.store().read(tx -> tx.audit().count());
        int denials = 0;
        for (Route route : server.server.routes()) {
            Need need = EXPECTED.get(route.method() + " " + route.path());
            for (Caller caller : callers) {
                int status = call(route, caller);
                boolean allowed = status != 401 && status != 403;
                boolean expected = allows(need, caller);
                String cell = route.method() + " " + route.path() + " as " + caller.label() + " → " + status;
                if (status >= 500) {
                    serverErrors.add(cell);
                }
                if (allowed && !expected) {
                    unexpectedAllows.add(cell);
                } else if (!allowed && expected) {
                    unexpectedDenials.add(cell);
                } else if (!allowed) {
                    denials++;
                    assertThat(status).as(cell).isEqualTo(caller.authenticated() ? 403 : 401);
                }
            }
        }
        assertThat(unexpectedAllows).as("unexpected allows").isEmpty();
        assertThat(unexpectedDenials).as("unexpected denials").isEmpty();
        assertThat(serverErrors).as("a 5xx is a bug, whoever asks").isEmpty();
        long audited = server.server.store().read(tx -> tx.audit().count()) - auditBefore;
        assertThat(audited).as("every refusal is audited (plus allowed mutations)").isGreaterThanOrEqualTo(denials);
    }

    static boolean allows(Need need, Caller caller) {
        return switch (need) {
            case PUBLIC -> true;
            case ANY_USER -> caller.authenticated();
            case VIEWER -> caller.rank() >= 0;
            case EDITOR -> caller.rank() >= 1;
            case ADMIN -> caller.rank() >= 2;
            case VIEWER_EVERYWHERE -> caller.viewerEverywhere();
            case CLUSTER_ADMIN -> caller.clusterAdmin();
        };
    }

    @Test
    void a_query_that_asks_for_more_is_refused_to_whoever_lacks_the_more() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Need> variant : EXPECTED_WITH_QUERY.entrySet()) {
            String[] methodAndPath = variant.getKey().split(" ", 2);
            for (Caller caller : callers) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.server.url() + methodAndPath[1] + "&project=a"));
                if (caller.token() != null) {
                    request.header("Authorization", "Bearer " + caller.token());
                }
                int status = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                boolean allowed = status != 401 && status != 403;
                if (allowed != allows(variant.getValue(), caller)) {
                    wrong.add(variant.getKey() + " as " + caller.label() + " → " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    static int call(Route route, Caller caller) throws IOException, InterruptedException {
        // A gateway path names a deployment that is not there: whether one is depends on the matrix's own PUT and DELETE.
        String target = route.path().startsWith("/api/v1/queues") ? "default" : route.path().startsWith("/endpoints/") ? "nobody" : "target";
        String path = route.path().replace("{name}", target)
                .replace("{id}", "000000000000").replace("{sha256}", EMPTY_GZIP_SHA256).replace("{project}", "a") + "?project=a";
        if (route.path().endsWith("/wait")) {
            path += "&timeout=1ms";
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.server.url() + path));
        if (caller.token() != null) {
            request.header("Authorization", "Bearer " + caller.token());
        }
        if (route.method().equals("POST")) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body(route)));
        } else if (route.method().equals("PUT") && route.path().startsWith("/api/v1/deployments")) {
            request.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                    route.path().endsWith("/scale") ? "{\"min\":1,\"max\":1}" : deployment("target")));
        } else if (route.method().equals("PUT")) {
            request.header("Content-Type", "application/gzip").PUT(HttpRequest.BodyPublishers.ofByteArray(EMPTY_GZIP));
        } else if (route.method().equals("HEAD")) {
            request.method("HEAD", HttpRequest.BodyPublishers.noBody());
        } else if (route.method().equals("DELETE")) {
            request.DELETE();   // the running target job, the default queue, a cohort that is not there: refused after the access check
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String body(Route route) {
        int n = unique.incrementAndGet();
        return switch (route.path()) {
            case "/api/v1/jobs" -> "{\"kind\":\"Job\",\"metadata\":{\"name\":\"m" + n + "\",\"project\":\"a\"},\"spec\":{\"command\":[\"true\"]}}";
            case "/api/v1/users" -> "{\"name\":\"u" + n + "\",\"project\":\"a\",\"role\":\"viewer\"}";
            case "/api/v1/users/{name}/roles" -> "{\"project\":\"a\",\"role\":\"viewer\"}";
            case "/api/v1/queues" -> "{\"kind\":\"Queue\",\"metadata\":{\"name\":\"q" + n + "\"}}";
            case "/api/v1/cohorts" -> "{\"kind\":\"Cohort\",\"metadata\":{\"name\":\"c" + n + "\"}}";
            case "/api/v1/deployments" -> deployment("d" + n);
            default -> "";
        };
    }

    /** A command deployment in project "a" that never becomes ready ({@code sleep}): a body access decides on, not what it serves. */
    static String deployment(String name) {
        return "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name + "\",\"project\":\"a\"},"
                + "\"spec\":{\"command\":[\"sleep\",\"600\"],\"resources\":{\"cpu\":\"10m\",\"memory\":\"16MiB\"}}}";
    }

    @Test
    void the_expectations_cover_each_kind_of_need() {
        assertThat(Stream.concat(EXPECTED.values().stream(), EXPECTED_WITH_QUERY.values().stream())
                .collect(Collectors.toSet())).containsExactlyInAnyOrder(Need.values());
    }
}
