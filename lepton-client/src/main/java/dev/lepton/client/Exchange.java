package dev.lepton.client;

import static java.util.Objects.requireNonNull;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP/1.1 request and its answer, over the JDK's {@link HttpURLConnection}: a CLI command makes
 * one or two requests, and {@code java.net.http.HttpClient} costs about 110 ms more to start (its
 * selector thread and an eager TLS context) than such a command spends on everything else
 * (docs/benchmarks.md, "CLI wall time per command").
 *
 * <p>A body is sent in fixed-length streaming mode, which also means a POST is never sent twice:
 * {@code HttpURLConnection} silently repeats a buffered POST whose answer it failed to read.
 */
final class Exchange {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** An answer: its status and its body, read whole or as a stream the caller closes. */
    record Answer(int status, InputStream body) {}

    private final URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String method = "GET";
    private byte[] body;
    private Path file;
    private Duration timeout = DEFAULT_TIMEOUT;

    Exchange(URI uri) {
        this.uri = requireNonNull(uri, "uri is null");
    }

    URI uri() {
        return uri;
    }

    String method() {
        return method;
    }

    Exchange header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Exchange GET() {
        return method("GET", null);
    }

    Exchange POST() {
        return method("POST", new byte[0]);
    }

    Exchange POST(byte[] json) {
        return method("POST", json).header("Content-Type", "application/json");
    }

    Exchange PUT(byte[] json) {
        return method("PUT", json).header("Content-Type", "application/json");
    }

    Exchange DELETE() {
        return method("DELETE", null);
    }

    Exchange HEAD() {
        return method("HEAD", null);
    }

    /** Sends the file as the body, streamed from disk (a code snapshot may be large). */
    Exchange PUT(Path file, String contentType) {
        method("PUT", null);
        this.file = requireNonNull(file, "file is null");
        return header("Content-Type", contentType);
    }

    /** The longest wait for each read of the answer; {@link Duration#ZERO} waits for ever (a followed log). */
    Exchange timeout(Duration timeout) {
        this.timeout = requireNonNull(timeout, "timeout is null");
        return this;
    }

    private Exchange method(String method, byte[] body) {
        this.method = method;
        this.body = body;
        return this;
    }

    /**
     * Sends the request and returns once the status line and headers are in; the body is left to read.
     * A 401 to a streamed body comes back as {@code HttpURLConnection}'s {@link HttpRetryException},
     * without the server's problem document: it is answered here as the refusal it is.
     */
    Answer send() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
        connection.setReadTimeout(Math.toIntExact(timeout.toMillis()));
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestMethod(method);
        headers.forEach(connection::setRequestProperty);
        int status;
        try {
            if (body != null) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            } else if (file != null) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(Files.size(file));
                try (OutputStream out = connection.getOutputStream()) {
                    Files.copy(file, out);
                }
            }
            status = connection.getResponseCode();
        } catch (HttpRetryException e) {
            connection.disconnect();
            if (e.responseCode() == HttpURLConnection.HTTP_UNAUTHORIZED) {
                return new Answer(e.responseCode(), InputStream.nullInputStream());
            }
            throw e;
        }
        InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        InputStream content = stream == null ? InputStream.nullInputStream() : stream;
        return new Answer(status, new FilterInputStream(content) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    if (timeout.isZero()) {
                        connection.disconnect();   // a followed log: let the server see the reader go
                    }
                }
            }
        });
    }
}
