package org.stackport.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A bare HTTP client for the simulator's OpenStack APIs (load and concurrency tests, benchmarks). */
final class SimClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Answer(int status, JsonNode body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    final String token;

    SimClient(OpenStackSimulator sim, String user, String password) {
        this(sim, user, password, "dev");
    }

    SimClient(OpenStackSimulator sim, String user, String password, String project) {
        this.base = sim.baseUrl();
        HttpResponse<String> r = send("POST", "/identity/v3/auth/tokens", null, """
                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"name":"Default"},"password":"%s"}}},
                 "scope":{"project":{"name":"%s","domain":{"name":"Default"}}}}}""".formatted(user, password, project));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("auth failed: " + r.statusCode() + " " + r.body());
        }
        this.token = r.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    /** Quotas of project dev high enough for load tests with many servers and ports. */
    static void liftServerQuotas(OpenStackSimulator sim) {
        sim.setQuota("dev", "instances", 1_000_000);
        sim.setQuota("dev", "cores", 1_000_000);
        sim.setQuota("dev", "ram", 1_000_000_000);
        sim.setQuota("dev", "port", 1_000_000);
    }

    Answer call(String method, String path, String json) {
        HttpResponse<String> r = send(method, path, token, json);
        return new Answer(r.statusCode(), r.body() == null || r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    private HttpResponse<String> send(String method, String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String networkId(String name) {
        return call("GET", "/network/v2.0/networks?name=" + name, null).body().get("networks").get(0).get("id").asString();
    }

    String flavorId(String name) {
        for (JsonNode f : call("GET", "/compute/v2.1/flavors", null).body().get("flavors")) {
            if (f.get("name").asString().equals(name)) {
                return f.get("id").asString();
            }
        }
        throw new IllegalStateException("no flavor " + name);
    }

    String imageId(String name) {
        return call("GET", "/image/v2/images?name=" + name, null).body().get("images").get(0).get("id").asString();
    }

    /** Creates a server on a network; returns its id. */
    String createServer(String name, String flavorId, String imageId, String networkId) {
        Answer a = call("POST", "/compute/v2.1/servers", """
                {"server":{"name":"%s","flavorRef":"%s","imageRef":"%s","networks":[{"uuid":"%s"}]}}"""
                .formatted(name, flavorId, imageId, networkId));
        if (a.status() != 202) {
            throw new IllegalStateException("server create: " + a.status() + " " + a.body());
        }
        return a.body().get("server").get("id").asString();
    }
}
