package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HTTP behaviour real clients depend on: connection handling, the catalog's interfaces, malformed queries. */
class HttpFidelityTest {

    OpenStackSimulator sim;
    int port;

    @BeforeEach
    void start() {
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), new ManualClock(Instant.parse("2026-03-01T10:00:00Z")));
        port = URI.create(sim.identityEndpoint()).getPort();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                b.append(line).append('\n');
            }
            return b.toString();
        }
    }

    @Test
    void a_request_that_closes_its_connection_is_answered_with_connection_close() throws Exception {
        String answer = raw("GET /identity/v3 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("Connection: close");
    }

    @Test
    void compute_answers_carry_one_request_id_under_both_names_errors_included() throws Exception {
        for (String path : new String[] {"/compute/v2.1/servers", "/compute/v2.1/no-such-route"}) {
            String answer = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            String compute = header(answer, "x-compute-request-id");
            assertThat(compute).as(path).startsWith("req-");
            assertThat(header(answer, "x-openstack-request-id")).isEqualTo(compute);
        }
    }

    @Test
    void a_wrong_method_is_titled_method_not_allowed() throws Exception {
        String answer = raw("DELETE /identity/v3/auth/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 405").contains("Method Not Allowed");
    }

    private static String header(String answer, String name) {
        return answer.lines().filter(l -> l.toLowerCase().startsWith(name + ":")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst().orElse(null);
    }

    @Test
    void only_the_public_interface_of_the_catalog_answers() throws Exception {
        String auth = """
                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo","domain":{"name":"Default"},
                "password":"demo"}}},"scope":{"project":{"name":"dev","domain":{"name":"Default"}}}}}""";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sim.identityEndpoint() + "/auth/tokens")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(auth)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode catalog = JsonMapper.builder().build().readTree(r.body()).get("token").get("catalog");
        for (JsonNode service : catalog) {
            Set<String> urls = new HashSet<>();
            String internal = null;
            for (JsonNode e : service.get("endpoints")) {
                urls.add(e.get("url").asString());
                if (e.get("interface").asString().equals("internal")) {
                    internal = e.get("url").asString();
                }
            }
            assertThat(urls).as(service.get("type").asString() + " has three distinct addresses").hasSize(3);
            URI target = URI.create(internal);
            assertThatThrownBy(() -> new Socket(target.getHost(), target.getPort()).close())
                    .as("the internal interface refuses connections").isInstanceOf(ConnectException.class);
        }
    }
}
