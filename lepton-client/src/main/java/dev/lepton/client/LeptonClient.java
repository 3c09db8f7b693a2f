package dev.lepton.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lepton.api.codec.Codec;
import dev.lepton.api.v1.ApiAuditEntry;
import dev.lepton.api.v1.ApiAuditVerification;
import dev.lepton.api.v1.ApiCodeSnapshot;
import dev.lepton.api.v1.ApiCohort;
import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiFeedback;
import dev.lepton.api.v1.ApiEnergyReport;
import dev.lepton.api.v1.ApiEvent;
import dev.lepton.api.v1.ApiExplanation;
import dev.lepton.api.v1.ApiIdleReport;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiList;
import dev.lepton.api.v1.ApiNode;
import dev.lepton.api.v1.ApiNodeHold;
import dev.lepton.api.v1.ApiQueue;
import dev.lepton.api.v1.ApiRoleRequest;
import dev.lepton.api.v1.ApiScale;
import dev.lepton.api.v1.ApiSustainability;
import dev.lepton.api.v1.ApiToken;
import dev.lepton.api.v1.ApiUsage;
import dev.lepton.api.v1.ApiUser;
import dev.lepton.api.v1.ApiUserRequest;
import dev.lepton.api.v1.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Typed calls to {@code /api/v1}. Refusals throw {@link ApiException} carrying the server's problem. */
public final class LeptonClient {
    private static final TypeReference<ApiList<ApiJob>> JOB_LIST = new TypeReference<>() {};
    private static final TypeReference<ApiList<ApiNode>> NODE_LIST = new TypeReference<>() {};
    private static final TypeReference<ApiList<ApiQueue>> QUEUE_LIST = new TypeReference<>() {};
    private static final TypeReference<ApiList<ApiUser>> USER_LIST = new TypeReference<>() {};
    private static final TypeReference<ApiList<ApiEvent>> EVENT_LIST = new TypeReference<>() {};
    private static final TypeReference<ApiList<ApiToken>> TOKEN_LIST = new TypeReference<>() {};
    private static final TypeReference<ApiList<ApiCohort>> COHORT_LIST = new TypeReference<>() {};
    private static final TypeReference<ApiList<ApiAuditEntry>> AUDIT_LIST = new TypeReference<>() {};
    private static final TypeReference<ApiList<ApiDeployment>> DEPLOYMENT_LIST = new TypeReference<>() {};

    private final URI server;
    private final Optional<String> token;

    public LeptonClient(URI server, Optional<String> token) {
        this.server = requireNonNull(server, "server is null");
        this.token = requireNonNull(token, "token is null");
    }

    public URI server() {
        return server;
    }

    // --- jobs ---

    public ApiJob createJob(ApiJob job, boolean dryRun, Optional<String> idempotencyKey) {
        Exchange request = request("/api/v1/jobs" + query(Map.of("dryRun", dryRun ? "true" : "")))
                .POST(Codec.toJsonBytes(job));
        idempotencyKey.ifPresent(key -> request.header("Idempotency-Key", key));
        return send(request, ApiJob.class);
    }

    public ApiJob job(String project, String name) {
        return send(request(jobPath(name, "", project)).GET(), ApiJob.class);
    }

    /** Jobs of one project, or of every project when {@code project} is empty (needs viewer in every project). */
    public ApiList<ApiJob> jobs(Optional<String> project, Optional<String> phase, int limit, Optional<String> cursor) {
        Map<String, String> params = new LinkedHashMap<>();
        project.ifPresentOrElse(p -> params.put("project", p), () -> params.put("allProjects", "true"));
        phase.ifPresent(p -> params.put("phase", p));
        params.put("limit", Integer.toString(limit));
        cursor.ifPresent(c -> params.put("cursor", c));
        return send(request("/api/v1/jobs" + query(params)).GET(), JOB_LIST);
    }

    public ApiJob cancelJob(String project, String name) {
        return send(request(jobPath(name, "/cancel", project)).POST(), ApiJob.class);
    }

    /** Deletes a job that has ended, with its events and logs; answers it as it was. A live job is refused (409). */
    public ApiJob deleteJob(String project, String name) {
        return send(request(jobPath(name, "", project)).DELETE(), ApiJob.class);
    }

    /** Blocks on the server until the job ends or {@code timeout} passes; returns the job as it then is. */
    public ApiJob waitForJob(String project, String name, Duration timeout) {
        String path = jobPath(name, "/wait", project) + "&timeout=" + timeout.toMillis() + "ms";
        return send(request(path).timeout(timeout.plusSeconds(30)).GET(), ApiJob.class);
    }

    public ApiExplanation explainJob(String project, String name) {
        return send(request(jobPath(name, "/explain", project)).GET(), ApiExplanation.class);
    }

    public List<ApiEvent> jobEvents(String project, String name) {
        return send(request(jobPath(name, "/events", project)).GET(), EVENT_LIST).items();
    }

    /** The worker's log of the current attempt as a stream; with {@code follow}, it stays open until the job ends. */
    public InputStream jobLogs(String project, String name, int worker, boolean follow) {
        return jobLogs(project, name, worker, OptionalInt.empty(), follow);
    }

    /**
     * The worker's log of one attempt (by its number, 1 first), or of the current one when empty. With
     * {@code follow}, the stream stays open until that attempt ends (the current one: until the job ends).
     */
    public InputStream jobLogs(String project, String name, int worker, OptionalInt attempt, boolean follow) {
        String path = jobPath(name, "/logs", project) + "&worker=" + worker + (follow ? "&follow=true" : "")
                + (attempt.isPresent() ? "&attempt=" + attempt.getAsInt() : "");
        Exchange.Answer answer = exchange(request(path).timeout(follow ? Duration.ZERO : Exchange.DEFAULT_TIMEOUT).GET());
        if (answer.status() >= 400) {
            throw problem(answer.status(), readAll(answer));
        }
        return answer.body();
    }

    // --- deployments (replicas are jobs labelled lepton.dev/deployment=NAME: their logs are jobLogs) ---

    /** Creates the deployment at revision 1; a name already taken is refused (409). */
    public ApiDeployment createDeployment(String project, ApiDeployment deployment) {
        return send(request("/api/v1/deployments?project=" + encode(project)).POST(Codec.toJsonBytes(deployment)), ApiDeployment.class);
    }

    /** Creates the deployment named in its metadata, or updates it: a changed spec is a new revision. */
    public ApiDeployment applyDeployment(String project, ApiDeployment deployment) {
        return send(request(deploymentPath(deployment.metadata().name(), "", project)).PUT(Codec.toJsonBytes(deployment)),
                ApiDeployment.class);
    }

    public List<ApiDeployment> deployments(String project) {
        return send(request("/api/v1/deployments?project=" + encode(project)).GET(), DEPLOYMENT_LIST).items();
    }

    public ApiDeployment deployment(String project, String name) {
        return send(request(deploymentPath(name, "", project)).GET(), ApiDeployment.class);
    }

    /** What happened to a deployment: its revisions, rollbacks and replica restarts, oldest first. */
    public List<ApiEvent> deploymentEvents(String project, String name) {
        return send(request(deploymentPath(name, "/events", project)).GET(), EVENT_LIST).items();
    }

    /** New bounds on the replica count; the spec's revision stays. */
    public ApiDeployment scaleDeployment(String project, String name, ApiScale scale) {
        return send(request(deploymentPath(name, "/scale", project)).PUT(Codec.toJsonBytes(scale)), ApiDeployment.class);
    }

    /** Back to revision {@code revision}, or to the one before the current when empty. */
    public ApiDeployment rollbackDeployment(String project, String name, OptionalLong revision) {
        String path = deploymentPath(name, "/rollback", project) + (revision.isPresent() ? "&revision=" + revision.getAsLong() : "");
        return send(request(path).POST(), ApiDeployment.class);
    }

    /** A new endpoint token of deployment {@code name}: it calls that endpoint and nothing else; its secret is in this answer only. */
    public ApiToken createEndpointToken(String project, String name) {
        return send(request(deploymentPath(name, "/tokens", project)).POST(), ApiToken.class);
    }

    /** Deployment {@code name}'s endpoint tokens, by id, without their secrets. */
    public List<ApiToken> endpointTokens(String project, String name) {
        return send(request(deploymentPath(name, "/tokens", project)).GET(), TOKEN_LIST).items();
    }

    public ApiToken revokeEndpointToken(String project, String name, String id) {
        return send(request(deploymentPath(name, "/tokens/" + encode(id) + "/revoke", project)).POST(), ApiToken.class);
    }

    /** Feedback on a prediction a deployment answered ({@code X-Lepton-Prediction-Id}): a rating, a label or both. */
    public ApiFeedback feedback(String deployment, ApiFeedback feedback) {
        return send(request("/endpoints/" + encode(deployment) + "/feedback").POST(Codec.toJsonBytes(feedback)), ApiFeedback.class);
    }

    /** Deletes the deployment; the server cancels its replicas' jobs. */
    public void deleteDeployment(String project, String name) {
        body(request(deploymentPath(name, "", project)).DELETE());
    }

    private static String deploymentPath(String name, String suffix, String project) {
        return "/api/v1/deployments/" + encode(name) + suffix + "?project=" + encode(project);
    }

    // --- code snapshots ---

    /** Whether the project already has the snapshot with this SHA-256, so that it need not be sent again. */
    public boolean hasCode(String project, String sha256) {
        Exchange.Answer answer = exchange(request(codePath(sha256, project)).HEAD());
        byte[] body = readAll(answer);
        return switch (answer.status()) {
            case 200 -> true;
            case 404 -> false;
            default -> throw problem(answer.status(), body);
        };
    }

    /** Sends a snapshot (a gzip tar file) whose SHA-256 is {@code sha256}; the server checks the bytes against it. */
    public ApiCodeSnapshot uploadCode(String project, String sha256, Path archive) {
        return send(request(codePath(sha256, project)).timeout(Duration.ofMinutes(10)).PUT(archive, "application/gzip"), ApiCodeSnapshot.class);
    }

    private static String codePath(String sha256, String project) {
        return "/api/v1/code/" + encode(sha256) + "?project=" + encode(project);
    }

    // --- usage ---

    /**
     * The usage history of a project (or of every project, when empty) in [{@code from}, {@code to}),
     * by {@code user}, {@code project} or {@code queue}; each bound an instant, a day or a time ago ({@code 7d}).
     */
    public ApiUsage usage(Optional<String> project, String by, Optional<String> from, Optional<String> to) {
        return send(request("/api/v1/usage" + query(window(project, Optional.of(by), from, to))).GET(), ApiUsage.class);
    }

    /** What workloads of a project (or of every project, when empty) cost in energy, carbon and money in [{@code from}, {@code to}). */
    public ApiEnergyReport energyReport(Optional<String> project, String by, Optional<String> from, Optional<String> to) {
        return send(request("/api/v1/reports/energy" + query(window(project, Optional.of(by), from, to))).GET(), ApiEnergyReport.class);
    }

    /** The cluster's economic, environmental and social indicators in [{@code from}, {@code to}). */
    public ApiSustainability sustainability(Optional<String> from, Optional<String> to) {
        Map<String, String> params = new LinkedHashMap<>();
        from.ifPresent(f -> params.put("from", f));
        to.ifPresent(t -> params.put("to", t));
        return send(request("/api/v1/reports/sustainability" + query(params)).GET(), ApiSustainability.class);
    }

    /** The query of a ledger over a window: one project or all, how rows are grouped, the window's bounds. */
    private static Map<String, String> window(Optional<String> project, Optional<String> by, Optional<String> from, Optional<String> to) {
        Map<String, String> params = new LinkedHashMap<>();
        project.ifPresentOrElse(p -> params.put("project", p), () -> params.put("allProjects", "true"));
        by.ifPresent(b -> params.put("by", b));
        from.ifPresent(f -> params.put("from", f));
        to.ifPresent(t -> params.put("to", t));
        return params;
    }

    /** Workers of a project (or of every project, when empty) that hold resources they do not use. */
    public ApiIdleReport idleReport(Optional<String> project) {
        Map<String, String> params = new LinkedHashMap<>();
        project.ifPresentOrElse(p -> params.put("project", p), () -> params.put("allProjects", "true"));
        return send(request("/api/v1/reports/idle" + query(params)).GET(), ApiIdleReport.class);
    }

    // --- nodes, queues, users ---

    public List<ApiNode> nodes() {
        return nodes(List.of(), List.of());
    }

    /** The nodes in any of {@code conditions} ({@code Ready}, {@code Down}, …) bearing every label {@code key=value} given; none given, all. */
    public List<ApiNode> nodes(List<String> conditions, List<String> labels) {
        String q = Stream.concat(conditions.isEmpty() ? Stream.empty() : Stream.of("condition=" + encode(String.join(",", conditions))),
                labels.stream().map(l -> "label=" + encode(l))).collect(Collectors.joining("&"));
        return send(request("/api/v1/nodes" + (q.isEmpty() ? "" : "?" + q)).GET(), NODE_LIST).items();
    }

    public ApiNode node(String name) {
        return send(request("/api/v1/nodes/" + encode(name)).GET(), ApiNode.class);
    }

    /**
     * Holds the node: it takes no new work; with {@code drain}, what runs there is preempted and queued again
     * to run elsewhere too. {@code reason} goes into its event and the audit log.
     */
    public ApiNode cordonNode(String name, String reason, boolean drain) {
        return send(request("/api/v1/nodes/" + encode(name) + (drain ? "/drain" : "/cordon")).POST(Codec.toJsonBytes(new ApiNodeHold(reason))),
                ApiNode.class);
    }

    /** Drains the node letting what runs there end by itself: it takes no new work meanwhile. */
    public ApiNode drainNodeLettingWorkFinish(String name, String reason) {
        return send(request("/api/v1/nodes/" + encode(name) + "/drain").POST(Codec.toJsonBytes(new ApiNodeHold(reason, true))), ApiNode.class);
    }

    /** Lifts the operator's hold: the node takes work again as its source reports it. */
    public ApiNode uncordonNode(String name) {
        return send(request("/api/v1/nodes/" + encode(name) + "/uncordon").POST(), ApiNode.class);
    }

    public List<ApiQueue> queues() {
        return send(request("/api/v1/queues").GET(), QUEUE_LIST).items();
    }

    public ApiQueue queue(String name) {
        return send(request("/api/v1/queues/" + encode(name)).GET(), ApiQueue.class);
    }

    /** Creates the queue, or replaces its quota and description. */
    public ApiQueue applyQueue(ApiQueue queue, boolean dryRun) {
        return send(request("/api/v1/queues" + query(Map.of("dryRun", dryRun ? "true" : "")))
                .POST(Codec.toJsonBytes(queue)), ApiQueue.class);
    }

    /** Deletes a queue that holds no live job; answers it as it was. */
    public ApiQueue deleteQueue(String name) {
        return send(request("/api/v1/queues/" + encode(name)).DELETE(), ApiQueue.class);
    }

    public List<ApiCohort> cohorts() {
        return send(request("/api/v1/cohorts").GET(), COHORT_LIST).items();
    }

    /** Creates the cohort, or replaces its parent. */
    public ApiCohort applyCohort(ApiCohort cohort, boolean dryRun) {
        return send(request("/api/v1/cohorts" + query(Map.of("dryRun", dryRun ? "true" : "")))
                .POST(Codec.toJsonBytes(cohort)), ApiCohort.class);
    }

    /** Deletes a cohort that no queue or cohort names; answers it as it was. */
    public ApiCohort deleteCohort(String name) {
        return send(request("/api/v1/cohorts/" + encode(name)).DELETE(), ApiCohort.class);
    }

    public ApiUser createUser(ApiUserRequest user) {
        return send(request("/api/v1/users").POST(Codec.toJsonBytes(user)), ApiUser.class);
    }

    public List<ApiUser> users() {
        return send(request("/api/v1/users").GET(), USER_LIST).items();
    }

    /** Gives the user {@code role} in {@code project} ({@code *}: every project), replacing the role they had there. */
    public ApiUser setRole(String user, String project, String role) {
        return send(request(userPath(user, "/roles")).POST(Codec.toJsonBytes(new ApiRoleRequest(project, role))), ApiUser.class);
    }

    /** Takes away the user's role in {@code project}. */
    public ApiUser removeRole(String user, String project) {
        return send(request(userPath(user, "/roles/" + encode(project))).DELETE(), ApiUser.class);
    }

    /** No token of the user's works until they are enabled again; their jobs go on. */
    public ApiUser disableUser(String user) {
        return send(request(userPath(user, "/disable")).POST(), ApiUser.class);
    }

    public ApiUser enableUser(String user) {
        return send(request(userPath(user, "/enable")).POST(), ApiUser.class);
    }

    /** Deletes the user with their roles and tokens; answers them as they were. Their jobs stay. */
    public ApiUser deleteUser(String user) {
        return send(request(userPath(user, "")).DELETE(), ApiUser.class);
    }

    /** A new token for the calling user; its secret is in this answer only. */
    public ApiToken createToken() {
        return send(request("/api/v1/tokens").POST(), ApiToken.class);
    }

    public List<ApiToken> tokens() {
        return send(request("/api/v1/tokens").GET(), TOKEN_LIST).items();
    }

    /** Another user's tokens (needs admin in every project). */
    public List<ApiToken> tokensOf(String user) {
        return send(request("/api/v1/tokens" + query(Map.of("user", user))).GET(), TOKEN_LIST).items();
    }

    /** Every user's tokens (needs admin in every project). */
    public List<ApiToken> allTokens() {
        return send(request("/api/v1/tokens?allUsers=true").GET(), TOKEN_LIST).items();
    }

    public ApiToken revokeToken(String id) {
        return send(request("/api/v1/tokens/" + encode(id) + "/revoke").POST(), ApiToken.class);
    }

    public ApiUser whoami() {
        return send(request("/api/v1/whoami").GET(), ApiUser.class);
    }

    // --- audit (admin in every project) ---

    /** One page of the audit log, oldest first; pass its {@code nextCursor} as {@code cursor} for the next. */
    public ApiList<ApiAuditEntry> audit(AuditFilter filter, int limit, Optional<String> cursor) {
        Map<String, String> params = new LinkedHashMap<>();
        filter.actor().ifPresent(a -> params.put("actor", a));
        filter.project().ifPresent(p -> params.put("project", p));
        filter.action().ifPresent(a -> params.put("action", a));
        filter.since().ifPresent(s -> params.put("since", s));
        filter.until().ifPresent(u -> params.put("until", u));
        params.put("limit", Integer.toString(limit));
        cursor.ifPresent(c -> params.put("cursor", c));
        return send(request("/api/v1/audit" + query(params)).GET(), AUDIT_LIST);
    }

    /** Walks the audit log's hash chain on the server; long logs take a while. */
    public ApiAuditVerification verifyAudit() {
        return send(request("/api/v1/audit/verify").timeout(Duration.ofMinutes(10)).GET(), ApiAuditVerification.class);
    }

    // --- plumbing ---

    private static String userPath(String user, String suffix) {
        return "/api/v1/users/" + encode(user) + suffix;
    }

    private static String jobPath(String name, String suffix, String project) {
        return "/api/v1/jobs/" + encode(name) + suffix + "?project=" + encode(project);
    }

    private Exchange request(String path) {
        Exchange exchange = new Exchange(server.resolve(path)).header("Accept", "application/json");
        token.ifPresent(t -> exchange.header("Authorization", "Bearer " + t));
        return exchange;
    }

    private <T> T send(Exchange request, Class<T> type) {
        byte[] body = body(request);
        return Codec.readJson(body, type);
    }

    private <T> T send(Exchange request, TypeReference<T> type) {
        byte[] body = body(request);
        try {
            return Codec.JSON.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] body(Exchange request) {
        Exchange.Answer answer = exchange(request);
        byte[] body = readAll(answer);
        if (answer.status() >= 400) {
            throw problem(answer.status(), body);
        }
        return body;
    }

    private Exchange.Answer exchange(Exchange request) {
        try {
            return request.send();
        } catch (ConnectException e) {
            throw new ServerUnreachableException(server, e);
        } catch (SocketTimeoutException e) {
            throw new UncheckedIOException("the server at " + server + " did not answer in time", e);
        } catch (IOException e) {
            throw new ServerUnreachableException(server, e);
        }
    }

    private byte[] readAll(Exchange.Answer answer) {
        try (InputStream body = answer.body()) {
            return body.readAllBytes();
        } catch (SocketTimeoutException e) {
            throw new UncheckedIOException("the server at " + server + " did not answer in time", e);
        } catch (IOException e) {
            throw new ServerUnreachableException(server, e);
        }
    }

    private static ApiException problem(int status, byte[] body) {
        try {
            return new ApiException(Codec.JSON.readValue(body, Problem.class));
        } catch (IOException e) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            if (text.isEmpty() && status == 401) {
                return new ApiException(new Problem("about:blank", "not authenticated", status,
                        "the server did not accept the token (HTTP 401)", "NOT_AUTHENTICATED", null));
            }
            return new ApiException(new Problem("about:blank", "HTTP " + status, status,
                    text.isEmpty() ? "HTTP " + status : text, "HTTP_" + status, null));
        }
    }

    private static String query(Map<String, String> params) {
        String q = params.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return q.isEmpty() ? "" : "?" + q;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
