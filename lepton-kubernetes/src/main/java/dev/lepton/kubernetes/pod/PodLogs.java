package dev.lepton.kubernetes.pod;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's log through the API server ({@code GET …/pods/NAME/log}, which the kubelet serves). The API
 * has no byte offset: a read streams the log from its start and skips to the offset, and notes the length
 * it found, which is how a reader learns that the kubelet rotated the log to a shorter one. A follow
 * ({@code ?follow=true}) is one such read that the kubelet keeps open, passing each write on as the
 * container makes it, until the container ends.
 */
final class PodLogs {
    private static final Logger log = LoggerFactory.getLogger(PodLogs.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Duration timeout;
    /** Each log's length as last read to its end. */
    private final ConcurrentMap<AttemptId, Long> lengths = new ConcurrentHashMap<>();

    PodLogs(KubernetesClient client, String namespace, Duration timeout) {
        this.client = requireNonNull(client, "client is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** The log from {@code offset}; empty when there is no such pod; an empty stream while its container has not started. */
    Optional<InputStream> open(AttemptId attempt, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("log offset must be >= 0: " + offset);
        }
        Optional<HttpResponse<InputStream>> answer = request(attempt, false);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        HttpResponse<InputStream> response = answer.get();
        if (response.code() == 404) {
            close(response.body());
            return Optional.empty();
        }
        if (!response.isSuccessful()) {
            // 400 while the container is created or its image pulled: a log to come, nothing in it yet.
            close(response.body());
            return Optional.of(InputStream.nullInputStream());
        }
        return Optional.of(skipped(attempt, response.body(), offset));
    }

    /**
     * The log from {@code offset}, then each write until the container ends; empty when there is nothing to
     * follow (no such pod, its container not started). Past the start, the log is first read as it is: one
     * the kubelet rotated to shorter than {@code offset} is an empty stream and its length noted (the reader
     * starts again from 0), where a follow would wait for the new log to grow past the offset and skip its start.
     */
    Optional<InputStream> follow(AttemptId attempt, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("log offset must be >= 0: " + offset);
        }
        if (offset > 0 && shorterThan(attempt, offset)) {
            return Optional.of(InputStream.nullInputStream());
        }
        Optional<HttpResponse<InputStream>> answer = request(attempt, true);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        HttpResponse<InputStream> response = answer.get();
        if (!response.isSuccessful()) {
            // 404: no such pod; 400: its container is being created or its image pulled.
            close(response.body());
            return Optional.empty();
        }
        return Optional.of(skipped(attempt, response.body(), offset));
    }

    /** Whether the log is now shorter than {@code offset}, as after a rotation; its length is then noted. */
    private boolean shorterThan(AttemptId attempt, long offset) {
        Optional<HttpResponse<InputStream>> answer = request(attempt, false);
        if (answer.isEmpty()) {
            return false;
        }
        try (InputStream in = answer.get().body()) {
            return answer.get().isSuccessful() && skip(attempt, in, offset) < offset;
        } catch (IOException e) {
            log.atWarn().setMessage("cannot read worker log").addKeyValue("attempt", attempt).addKeyValue("error", e.toString()).log();
            return false;
        }
    }

    /** The job's pods are gone: so are their lengths. */
    void forget(String jobUid) {
        lengths.keySet().removeIf(a -> a.jobUid().equals(jobUid));
    }

    /** The log's length as last read to its end. */
    OptionalLong length(AttemptId attempt) {
        Long length = lengths.get(attempt);
        return length == null ? OptionalLong.empty() : OptionalLong.of(length);
    }

    /** The response's headers within the timeout; its body, a follow's for as long as the container runs, after. */
    private Optional<HttpResponse<InputStream>> request(AttemptId attempt, boolean follow) {
        String path = "api/v1/namespaces/" + encode(namespace) + "/pods/" + encode(PodNames.pod(attempt)) + "/log?container="
                + PodNames.CONTAINER + (follow ? "&follow=true" : "");
        String base = client.getMasterUrl().toString();
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(base + (base.endsWith("/") ? "" : "/") + path)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
        try {
            return Optional.of(client.getHttpClient().sendAsync(request, InputStream.class).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            log.atWarn().setMessage("cannot read worker log").addKeyValue("attempt", attempt).addKeyValue("error", e.toString()).log();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The stream past {@code offset}; one shorter than that was rotated, and reads as nothing until its length is seen. */
    private InputStream skipped(AttemptId attempt, InputStream in, long offset) {
        try {
            if (skip(attempt, in, offset) < offset) {
                in.close();
                return InputStream.nullInputStream();
            }
            return new Measured(in, attempt, offset);
        } catch (IOException e) {
            close(in);
            log.atWarn().setMessage("cannot read worker log").addKeyValue("attempt", attempt).addKeyValue("error", e.toString()).log();
            return InputStream.nullInputStream();
        }
    }

    /** Skips up to {@code offset} bytes; fewer when the log ends first, whose length is then noted. */
    private long skip(AttemptId attempt, InputStream in, long offset) throws IOException {
        long skipped = 0;
        while (skipped < offset) {
            long n = in.skip(offset - skipped);
            if (n <= 0) {
                if (in.read() < 0) {
                    lengths.put(attempt, skipped);
                    return skipped;
                }
                n = 1;
            }
            skipped += n;
        }
        return skipped;
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }

    private static void close(InputStream in) {
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            log.debug("closing a log response failed: {}", e.toString());
        }
    }

    /** Notes the log's length when its reader reaches the end. */
    private final class Measured extends FilterInputStream {
        private final AttemptId attempt;
        private long position;

        Measured(InputStream in, AttemptId attempt, long start) {
            super(in);
            this.attempt = attempt;
            this.position = start;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                lengths.put(attempt, position);
            } else {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                lengths.put(attempt, position);
            } else {
                position += n;
            }
            return n;
        }
    }
}
