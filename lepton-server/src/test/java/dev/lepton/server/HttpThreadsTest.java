package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.junit.jupiter.api.Test;

/**
 * The server's HTTP threads: a route runs on a virtual thread, Jetty's selectors on platform threads, and a connection to be
 * read again goes to the pool unless a gateway client's thread asks (the gateway's side: {@code GatewayProxyTest}).
 */
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

    @Test
    void a_connection_to_read_again_goes_to_a_pool_thread_when_anything_but_the_gateway_asks() throws Exception {
        var threads = ServerAssembly.httpThreads();
        threads.start();
        try {
            CompletableFuture<Thread> ranOn = new CompletableFuture<>();
            Runnable readAgain = (Runnable) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class, Runnable.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "run" -> {
                            ranOn.complete(Thread.currentThread());
                            yield null;
                        }
                        case "hashCode" -> 0;
                        case "equals" -> proxy == args[0];
                        case "toString" -> "a connection to read again";
                        default -> null;
                    });

            threads.execute(readAgain);

            assertThat(ranOn.get(5, TimeUnit.SECONDS)).isNotSameAs(Thread.currentThread());
            assertThat(ranOn.get().getName()).startsWith("http-");
        } finally {
            threads.stop();
        }
    }
}
