package dev.lepton.server.queues;

import static dev.lepton.server.http.RouteTable.name;
import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiCohort;
import dev.lepton.api.v1.ApiList;
import dev.lepton.api.v1.ApiQueue;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.api.v1.Versions;
import dev.lepton.core.auth.Role;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.queue.Queue;
import dev.lepton.core.quota.CohortSpec;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.server.http.Access;
import dev.lepton.server.http.Bodies;
import dev.lepton.server.http.Caller;
import dev.lepton.server.http.Names;
import dev.lepton.server.http.RouteTable;
import dev.lepton.store.JobQuery;
import dev.lepton.store.Store;
import dev.lepton.store.Tx;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code /api/v1/queues} and {@code /api/v1/cohorts}. A change is checked against every other
 * queue and cohort (no cohort cycles, per-model quotas within their resource) before it is stored.
 */
public final class QueueRoutes {
    private final Store store;
    private final QuotaBook quotas;
    private final InstantSource clock;
    private final Runnable changed;

    /** {@code changed} runs after each committed change, to let the scheduler look again. */
    public QueueRoutes(Store store, QuotaBook quotas, InstantSource clock, Runnable changed) {
        this.store = requireNonNull(store, "store is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.changed = requireNonNull(changed, "changed is null");
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/queues", Access.anyUser(), "queue.list",
                (ctx, caller) -> Bodies.json(ctx, new ApiList<>(store.read(tx -> views(tx, tx.queues().list())), null)));
        routes.get("/api/v1/queues/{name}", Access.anyUser(), "queue.get", (ctx, caller) -> {
            String name = name(ctx, "name");
            Bodies.json(ctx, store.read(tx -> tx.queues().find(name).map(q -> view(tx, q)))
                    .orElseThrow(() -> LeptonException.notFound("queue", name)));
        });
        routes.post("/api/v1/queues", Access.cluster(Role.ADMIN), "queue.apply", (ctx, caller) -> {
            boolean dryRun = "true".equals(ctx.queryParam("dryRun"));
            Applied<ApiQueue> applied = applyQueue(caller, Bodies.read(ctx, ApiQueue.class), dryRun);
            Bodies.json(ctx, applied.created() ? 201 : 200, applied.object());
        });
        routes.delete("/api/v1/queues/{name}", Access.cluster(Role.ADMIN), "queue.delete",
                (ctx, caller) -> Bodies.json(ctx, deleteQueue(caller, name(ctx, "name"))));
        routes.get("/api/v1/cohorts", Access.anyUser(), "cohort.list", (ctx, caller) -> Bodies.json(ctx,
                new ApiList<>(store.read(tx -> tx.queues().cohorts()).stream().map(QueueRoutes::view).toList(), null)));
        routes.post("/api/v1/cohorts", Access.cluster(Role.ADMIN), "cohort.apply", (ctx, caller) -> {
            boolean dryRun = "true".equals(ctx.queryParam("dryRun"));
            Bodies.json(ctx, applyCohort(caller, Bodies.read(ctx, ApiCohort.class), dryRun));
        });
        routes.delete("/api/v1/cohorts/{name}", Access.cluster(Role.ADMIN), "cohort.delete",
                (ctx, caller) -> Bodies.json(ctx, deleteCohort(caller, name(ctx, "name"))));
    }

    private record Applied<T>(T object, boolean created) {}

    private Applied<ApiQueue> applyQueue(Caller caller, ApiQueue body, boolean dryRun) {
        List<String> faults = new ArrayList<>();
        QueueSpec spec = QueueMapper.accept(body, faults);
        if (!faults.isEmpty()) {
            throw QueueMapper.invalid(faults);
        }
        String description = body.spec() == null || body.spec().description() == null ? "" : body.spec().description();
        Instant now = clock.instant();
        Applied<ApiQueue> applied = store.write(tx -> {
            List<QueueSpec> others = tx.queues().list().stream().map(Queue::spec).filter(q -> !q.name().equals(spec.name())).toList();
            QuotaTree.of(Stream.concat(others.stream(), Stream.of(spec)).toList(), tx.queues().cohorts());
            Optional<Queue> existing = tx.queues().find(spec.name());
            Queue queue = new Queue(spec, description, existing.map(Queue::createdAt).orElse(now));
            if (dryRun) {
                return new Applied<>(view(tx, queue), existing.isEmpty());
            }
            Queue stored = existing.isPresent() ? tx.queues().update(queue) : tx.queues().insert(queue);
            tx.audit().record(now, caller.user(), caller.action(), "queue/" + spec.name(), true, existing.isPresent() ? "updated" : "created");
            tx.events().append("cluster", "queue/" + spec.name(), existing.isPresent() ? "Updated" : "Created", "by " + caller.user(), now);
            return new Applied<>(view(tx, stored), existing.isEmpty());
        });
        afterChange(dryRun);
        return applied;
    }

    private ApiCohort applyCohort(Caller caller, ApiCohort body, boolean dryRun) {
        String name = body.metadata() == null ? null : body.metadata().name();
        String parent = body.spec() == null ? null : body.spec().parent();
        List<String> faults = new ArrayList<>();
        if (body.kind() != null && !ApiCohort.KIND.equals(body.kind())) {
            faults.add("kind: must be Cohort (got '" + body.kind() + "')");
        }
        if (!Names.isValid(name)) {
            faults.add("metadata.name: " + (name == null ? "required" : Names.RULE + " (got '" + name + "')"));
        }
        if (parent != null && !Names.isValid(parent)) {
            faults.add("spec.parent: " + Names.RULE + " (got '" + parent + "')");
        }
        if (!faults.isEmpty()) {
            throw QueueMapper.invalid(faults);
        }
        CohortSpec cohort = new CohortSpec(name, Optional.ofNullable(parent));
        Instant now = clock.instant();
        store.write(tx -> {
            List<CohortSpec> others = tx.queues().cohorts().stream().filter(c -> !c.name().equals(name)).toList();
            List<CohortSpec> all = Stream.concat(others.stream(), Stream.of(cohort)).toList();
            List<QueueSpec> queues = tx.queues().list().stream().map(Queue::spec).toList();
            new QuotaTree(queues.stream().collect(Collectors.toMap(QueueSpec::name, q -> q)),
                    all.stream().collect(Collectors.toMap(CohortSpec::name, c -> c))).requireAcyclic(name);
            QuotaTree.of(queues, all);
            if (!dryRun) {
                tx.queues().putCohort(cohort, now);
                tx.audit().record(now, caller.user(), caller.action(), "cohort/" + name, true, "");
            }
            return null;
        });
        afterChange(dryRun);
        return view(cohort);
    }

    private void afterChange(boolean dryRun) {
        if (!dryRun) {
            quotas.reload();
            changed.run();
        }
    }

    /** Queues with their counts and usage, from one pass over the live jobs whatever the number of queues. */
    private static List<ApiQueue> views(Tx tx, List<Queue> queues) {
        Map<String, QueueTally> tallies = QueueTally.of(tx.jobs().list(new JobQuery(Optional.empty(), EnumSet.copyOf(QueueTally.PHASES),
                Integer.MAX_VALUE, Optional.empty())));
        return queues.stream().map(q -> {
            QueueTally t = tallies.getOrDefault(q.name(), QueueTally.EMPTY);
            return QueueMapper.toApi(q, t.queued(), t.running(), t.usage());
        }).toList();
    }

    /**
     * Removes a queue that holds no live job (ended jobs keep its name in their history). The default
     * queue stays: jobs that name no queue go there.
     */
    private ApiQueue deleteQueue(Caller caller, String name) {
        Instant now = clock.instant();
        ApiQueue deleted = store.write(tx -> {
            Queue queue = tx.queues().find(name).orElseThrow(() -> LeptonException.notFound("queue", name));
            if (queue.name().equals(Queue.DEFAULT)) {
                throw new LeptonException(ErrorCode.FAILED_PRECONDITION, "the default queue cannot be deleted: jobs that name no queue wait in it");
            }
            List<String> live = tx.jobs().liveInQueue(name, 6);
            if (!live.isEmpty()) {
                throw new LeptonException(ErrorCode.FAILED_PRECONDITION, "queue " + name + " still holds live jobs ("
                        + String.join(", ", live.subList(0, Math.min(5, live.size()))) + (live.size() > 5 ? ", …" : "")
                        + "); cancel them or let them finish, then delete it");
            }
            ApiQueue view = view(tx, queue);
            tx.queues().delete(name);
            tx.audit().record(now, caller.user(), caller.action(), "queue/" + name, true, "deleted");
            tx.events().append("cluster", "queue/" + name, "Deleted", "by " + caller.user(), now);
            return view;
        });
        afterChange(false);
        return deleted;
    }

    /** Removes a declared cohort that no queue and no cohort names any more. */
    private ApiCohort deleteCohort(Caller caller, String name) {
        Instant now = clock.instant();
        ApiCohort deleted = store.write(tx -> {
            CohortSpec cohort = tx.queues().cohorts().stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> LeptonException.notFound("cohort", name));
            List<String> members = Stream.concat(
                    tx.queues().list().stream().filter(q -> q.spec().cohort().equals(Optional.of(name))).map(q -> "queue " + q.name()),
                    tx.queues().cohorts().stream().filter(c -> c.parent().equals(Optional.of(name))).map(c -> "cohort " + c.name()))
                    .sorted().toList();
            if (!members.isEmpty()) {
                throw new LeptonException(ErrorCode.FAILED_PRECONDITION, "cohort " + name + " is still named by " + String.join(", ", members)
                        + "; move or delete them first");
            }
            tx.queues().deleteCohort(name);
            tx.audit().record(now, caller.user(), caller.action(), "cohort/" + name, true, "deleted");
            return view(cohort);
        });
        afterChange(false);
        return deleted;
    }

    private static ApiQueue view(Tx tx, Queue queue) {
        return views(tx, List.of(queue)).getFirst();
    }

    private static ApiCohort view(CohortSpec cohort) {
        return new ApiCohort(ApiCohort.KIND, Versions.V1, new ObjectMeta(cohort.name(), null, Map.of(), null, null, null),
                new ApiCohort.Spec(cohort.parent().orElse(null)));
    }
}
