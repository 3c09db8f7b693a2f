package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The server's HTTP threads: a route runs on a virtual thread, Jetty's selectors on platform threads. */
class HttpThreadsTest {
    @Test
    void a_route_runs_on_a_virtual_thread_while_the_selectors_do_not() throws Exception {
        var threads = ServerAssembly.httpThreads();
        Javalin http = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.jetty.threadPool = threads;
            config.startup.showJavalinBanner = false;
            config.routes.addHttpHandler(HandlerType.GET, "/thread", ctx -> ctx.result(Thread.currentThread().isVirtual() + " "
                    + Thread.currentThread().getName()));
        }).start("127.0.0.1", 0);
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
                    + "/thread")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.body()).startsWith("true http-request-");
            assertThat(threads.getThreads()).as("platform threads, for the selectors and the acceptor").isPositive();
        } finally {
            http.stop();
        }
    }
}
