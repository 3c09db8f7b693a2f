package dev.lepton.serving.batching;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.inference.LoadedModel;
import dev.lepton.core.inference.Tensor;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests waiting for one model. One thread owns the waiting list: request threads post to its
 * mailbox, and it alone asks {@link BatchPlanner} what to run, runs it (one run of the model at a
 * time; ONNX Runtime's intra-op threads work inside it) and completes the requests' futures. While
 * it runs, new requests gather, so a busy model batches more.
 */
public final class ModelQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelQueue.class);

    private final String name;
    private final LoadedModel model;
    private final BatchPolicy policy;
    private final InstantSource clock;
    private final BatchRun runner;
    private final BlockingQueue<Message> mailbox = new LinkedBlockingQueue<>();
    private final AtomicInteger depth = new AtomicInteger();
    /** Requests being read by their HTTP threads, announced and not yet submitted: they may join a batch. */
    private final AtomicInteger arriving = new AtomicInteger();
    private final Object admission = new Object();
    private final Thread owner;
    private boolean closed; // guarded by admission

    private sealed interface Message {}

    private record Call(InferenceCall call) implements Message {}

    /**
     * Run what waits without waiting for more (the server drains), or also stop once it is done; or
     * look again: an announced request will not come.
     */
    private enum Signal implements Message { FLUSH, STOP, WAKE }

    public ModelQueue(String name, LoadedModel model, BatchPolicy policy, InstantSource clock, QueueObserver observer) {
        this.name = requireNonNull(name, "name is null");
        this.model = requireNonNull(model, "model is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.runner = new BatchRun(name, model, clock, requireNonNull(observer, "observer is null"));
        this.owner = Thread.ofPlatform().name("model-queue-" + name).daemon().start(this::loop);
    }

    /**
     * Says a request is on its way (its body being read), so that a batch waits for it. The arrival
     * is over at {@link Arrival#submit} or, for a request that never comes, at {@link Arrival#close}.
     */
    public Arrival announce() {
        arriving.incrementAndGet();
        return new Arrival();
    }

    /** A request announced to the queue; closing it without submitting withdraws it. */
    public final class Arrival implements AutoCloseable {
        private boolean over;

        private Arrival() {}

        /**
         * {@link ModelQueue#submit}, the announcement over. Over first: the queue's thread may then run a batch
         * a moment before this request joins it (it runs in the next), but never waits for a request already queued.
         */
        public CompletableFuture<Map<String, Tensor>> submit(Map<String, Tensor> inputs, Set<String> outputs) {
            end();
            return ModelQueue.this.submit(inputs, outputs);
        }

        @Override
        public void close() {
            if (!over) {
                end();
                mailbox.add(Signal.WAKE); // a batch may be waiting for this request alone
            }
        }

        private void end() {
            over = true;
            arriving.decrementAndGet();
        }
    }

    /**
     * Queues a request whose inputs were checked against the model's signature; the future completes
     * with the outputs asked for (all when {@code outputs} is empty), or fails with the runtime's
     * refusal, or with {@link QueueClosedException} once the queue is closed.
     */
    public CompletableFuture<Map<String, Tensor>> submit(Map<String, Tensor> inputs, Set<String> outputs) {
        Optional<BatchKey> key = BatchKey.of(model.signature(), inputs);
        InferenceCall call = new InferenceCall(inputs, outputs, key, key.isPresent() ? BatchKey.rowsOf(inputs) : 1, clock.instant(),
                new CompletableFuture<>());
        synchronized (admission) {
            if (closed) {
                call.result().completeExceptionally(new QueueClosedException(name));
                return call.result();
            }
            depth.incrementAndGet();
            mailbox.add(new Call(call));
        }
        return call.result();
    }

    /** Requests waiting now, not counting the run in progress. */
    public int depth() {
        return depth.get();
    }

    /** From now on nothing waits for more requests to join it: what is queued runs at once. */
    public void flush() {
        mailbox.add(Signal.FLUSH);
    }

    /** Takes no more requests, runs those already queued, and returns when they are done (or after {@code timeout}). */
    public void close(Duration timeout) {
        synchronized (admission) {
            closed = true;
            mailbox.add(Signal.STOP);
        }
        try {
            if (!owner.join(timeout)) {
                log.atWarn().addKeyValue("model", name).addKeyValue("timeout", timeout).log("queued requests did not finish in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private void loop() {
        List<InferenceCall> waiting = new ArrayList<>();
        boolean flushing = false;
        boolean stopping = false;
        while (!(stopping && waiting.isEmpty())) {
            Message message;
            try {
                message = next(waiting, flushing);
            } catch (InterruptedException e) {
                log.atWarn().addKeyValue("model", name).log("the queue's thread was interrupted; failing what waits");
                waiting.forEach(call -> call.result().completeExceptionally(new QueueClosedException(name)));
                return;
            }
            switch (message) {
                case null -> {}
                case Call call -> waiting.add(call.call());
                case Signal signal -> {
                    flushing |= signal != Signal.WAKE;
                    stopping |= signal == Signal.STOP;
                }
            }
        }
    }

    /**
     * The next message if one is there; otherwise runs what is due, or waits for a message until the
     * oldest request's deadline (indefinitely when nothing waits). Null after a run or when the wait ran out.
     */
    private Message next(List<InferenceCall> waiting, boolean flushing) throws InterruptedException {
        Message ready = mailbox.poll();
        if (ready != null) {
            return ready;
        }
        BatchDecision decision = BatchPlanner.next(policy, waiting.stream().map(InferenceCall::view).toList(), clock.instant(),
                arriving.get(), flushing);
        return switch (decision) {
            case BatchDecision.Run run -> {
                List<InferenceCall> batch = BatchRun.take(waiting, run.positions());
                depth.addAndGet(-batch.size());
                runSafely(batch);
                yield null;
            }
            case BatchDecision.WaitUntil wait -> mailbox.poll(Math.max(Duration.between(clock.instant(), wait.deadline()).toNanos(), 0),
                    TimeUnit.NANOSECONDS);
            case BatchDecision.Idle idle -> mailbox.take();
        };
    }

    private void runSafely(List<InferenceCall> batch) {
        try {
            runner.execute(batch);
        } catch (RuntimeException e) {
            // A bug in stacking or splitting: the requests fail with it, the queue lives on.
            log.atError().addKeyValue("model", name).setCause(e).log("a batch failed outside the model run");
            batch.forEach(call -> call.result().completeExceptionally(e));
        }
    }
}
