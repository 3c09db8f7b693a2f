package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's one port speaks HTTP/2 cleartext to a client that opens with it (prior knowledge), requests with bodies
 * included, and HTTP/1.1 to one that asks to upgrade. (Through the gateway: DeploymentsEndToEndTest, GatewayStreamingTest.)
 */
class H2cTest {
    @TempDir
    Path home;
    TestServer server;
    HttpClient h2;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(home);
        h2 = h2cClient();
    }

    @AfterEach
    void stop() throws Exception {
        h2.stop();
        server.close();
    }

    /** Jetty's client over HTTP/2 without TLS: prior knowledge, the preface first. */
    static HttpClient h2cClient() throws Exception {
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        client.start();
        return client;
    }

    @Test
    void a_client_that_opens_with_http2_is_answered_in_http2() throws Exception {
        ContentResponse ready = h2.GET(server.server.url() + "/readyz");

        assertThat(ready.getVersion()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(ready.getStatus()).isEqualTo(200);
    }

    @Test
    void a_request_body_over_http2_is_read_and_refused_as_over_http1() throws Exception {
        ContentResponse refused = h2.newRequest(server.server.url() + "/api/v1/jobs").method(HttpMethod.POST)
                .headers(h -> h.put("Authorization", "Bearer " + server.adminToken()))
                .body(new StringRequestContent("application/json", "{\"kind\":\"Job\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"command\":[\"true\"],\"workers\":1.5}}"))
                .send();
        ContentResponse created = h2.newRequest(server.server.url() + "/api/v1/jobs").method(HttpMethod.POST)
                .headers(h -> h.put("Authorization", "Bearer " + server.adminToken()))
                .body(new StringRequestContent("application/json", "{\"kind\":\"Job\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"command\":[\"true\"]}}"))
                .send();

        assertThat(refused.getVersion()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(refused.getStatus()).as(refused.getContentAsString()).isEqualTo(400);
        assertThat(refused.getContentAsString()).contains("workers").contains("1.5");
        assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(201);
    }

    @Test
    void a_client_asking_to_upgrade_is_answered_in_http1() throws Exception {
        HttpResponse<String> answer = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build()
                .send(HttpRequest.newBuilder(URI.create(server.server.url() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
        assertThat(answer.statusCode()).isEqualTo(200);
    }
}
