package org.stackport.simulator.internal;

import java.time.Duration;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimKubeCluster;
import org.stackport.simulator.SimMachine;
import org.stackport.simulator.SimOrphan;
import org.stackport.simulator.SimResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /_sim/...}: the Java API over HTTP for manual runs (the server listens on loopback only).
 * <pre>
 * GET    /_sim/inventory            live resources
 * GET    /_sim/orphans              leaks
 * GET    /_sim/journal?limit=N      newest requests
 * GET    /_sim/faults               active rules
 * POST   /_sim/faults               {kind: fail|latency|ghost|unauthorized|rate-limit, method, route, count, status, message, latencyMs, latencyMaxMs}
 * DELETE /_sim/faults               remove all rules
 * PUT    /_sim/quotas/{project}     {resource: limit, ...}
 * POST   /_sim/tokens/revoke        revoke every token
 * POST   /_sim/servers/fail-next    {count, message}
 * POST   /_sim/transitions/hold     {kind, count, seconds (absent = forever)}
 * GET    /_sim/kube                 simulated Kubernetes clusters (endpoints, CA, nodes) and what each machine did
 * POST   /_sim/kube/nodes/{name}/never-ready   {message (absent = undo)}
 * POST   /_sim/kube/nodes/{name}/refuse-join   {reason (absent = undo)}
 * POST   /_sim/kube/clusters/{name}/unreachable {unreachable: true|false}
 * </pre>
 */
public final class SimAdmin {

    private final OpenStackSimulator sim;

    public SimAdmin(OpenStackSimulator sim) {
        this.sim = sim;
    }

    public void register(Router router) {
        router.add("GET", "/_sim/inventory", false, r -> {
            ArrayNode list = Json.array();
            for (SimResource res : sim.inventory()) {
                list.addObject().put("kind", res.kind()).put("id", res.id()).put("name", res.name())
                        .put("projectId", res.projectId()).put("status", res.status());
            }
            return SimResponse.ok(list);
        });
        router.add("GET", "/_sim/orphans", false, r -> {
            ArrayNode list = Json.array();
            for (SimOrphan o : sim.orphans()) {
                list.addObject().put("kind", o.kind()).put("id", o.id()).put("name", o.name())
                        .put("projectId", o.projectId()).put("reason", o.reason());
            }
            return SimResponse.ok(list);
        });
        router.add("GET", "/_sim/journal", false, r -> {
            int limit = r.query("limit") == null ? 100 : Integer.parseInt(r.query("limit"));
            var entries = sim.journal();
            ArrayNode list = Json.array();
            entries.subList(Math.max(0, entries.size() - limit), entries.size()).forEach(e -> list.addObject()
                    .put("at", e.at().toString()).put("method", e.method()).put("path", e.path()).put("route", e.route())
                    .put("status", e.status()).put("micros", e.micros()).put("fault", e.fault()));
            return SimResponse.ok(list);
        });
        router.add("POST", "/_sim/faults", false, r -> {
            JsonNode b = r.body() == null ? Json.object() : r.body();
            String kind = b.path("kind").asString("fail");
            String method = Json.text(b, "method");
            String route = b.path("route").asString("/*");
            int count = b.path("count").asInt(1);
            int status = b.path("status").asInt(503);
            String id = switch (kind) {
                case "fail" -> b.has("message") ? sim.failNext(method, route, count, status, Json.text(b, "message"))
                        : sim.failNext(method, route, count, status);
                case "latency" -> sim.latency(method, route, Duration.ofMillis(b.path("latencyMs").asLong(100)),
                        b.has("latencyMaxMs") ? Duration.ofMillis(b.path("latencyMaxMs").asLong()) : null);
                case "ghost" -> sim.ghost(method, route, count);
                case "unauthorized" -> sim.unauthorizedNext(count);
                case "rate-limit" -> sim.rateLimitNext(method, route, count, b.path("retryAfter").asInt(1));
                default -> throw ServiceError.keystone(400, "Bad Request", "Unknown fault kind " + kind);
            };
            ObjectNode out = Json.object();
            out.put("id", id);
            return SimResponse.created(out);
        });
        router.add("DELETE", "/_sim/faults", false, r -> {
            sim.clearFaults();
            return SimResponse.noContent();
        });
        router.add("PUT", "/_sim/quotas/{project}", false, r -> {
            r.body().properties().forEach(e -> sim.setQuota(r.param("project"), e.getKey(), e.getValue().asInt()));
            return SimResponse.noContent();
        });
        router.add("POST", "/_sim/tokens/revoke", false, r -> {
            sim.revokeAllTokens();
            return SimResponse.noContent();
        });
        router.add("POST", "/_sim/servers/fail-next", false, r -> {
            JsonNode b = r.body() == null ? Json.object() : r.body();
            sim.failNextServers(b.path("count").asInt(1), b.path("message").asString("No valid host was found. "));
            return SimResponse.noContent();
        });
        registerKube(router);
        router.add("POST", "/_sim/transitions/hold", false, r -> {
            JsonNode b = r.body();
            sim.holdNextTransitions(b.path("kind").asString(), b.path("count").asInt(1),
                    b.has("seconds") ? Duration.ofSeconds(b.path("seconds").asLong()) : null);
            return SimResponse.noContent();
        });
    }

    private void registerKube(Router router) {
        router.add("GET", "/_sim/kube", false, r -> {
            ObjectNode out = Json.object();
            ArrayNode clusters = out.putArray("clusters");
            for (SimKubeCluster c : sim.kubernetes()) {
                ObjectNode o = clusters.addObject().put("name", c.name()).put("kubernetesVersion", c.kubernetesVersion())
                        .put("controlPlaneEndpoint", c.controlPlaneEndpoint()).put("caCertHash", c.caCertHash())
                        .put("caCertificatePem", c.caCertificatePem());
                c.apiEndpoints().forEach(o.putArray("apiEndpoints")::add);
                ArrayNode nodes = o.putArray("nodes");
                c.nodes().forEach(n -> nodes.addObject().put("name", n.name()).put("serverId", n.serverId())
                        .put("controlPlane", n.controlPlane()).put("ready", n.ready()).put("kubeletVersion", n.kubeletVersion())
                        .put("address", n.address()));
            }
            ArrayNode machines = out.putArray("machines");
            for (SimMachine m : sim.machines()) {
                machines.addObject().put("serverId", m.serverId()).put("serverName", m.serverName()).put("kubeadm", m.kubeadm())
                        .put("state", m.state()).put("message", m.message());
            }
            return SimResponse.ok(out);
        });
        router.add("POST", "/_sim/kube/nodes/{name}/never-ready", false, r -> {
            sim.kubeNodeNeverReady(r.param("name"), r.body() == null ? "kubelet stopped posting node status"
                    : Json.text(r.body(), "message"));
            return SimResponse.noContent();
        });
        router.add("POST", "/_sim/kube/nodes/{name}/refuse-join", false, r -> {
            sim.refuseKubeJoin(r.param("name"), r.body() == null ? "error execution phase kubelet-start: timed out waiting for the condition"
                    : Json.text(r.body(), "reason"));
            return SimResponse.noContent();
        });
        router.add("POST", "/_sim/kube/clusters/{name}/unreachable", false, r -> {
            sim.kubeApiUnreachable(r.param("name"), r.body() == null || r.body().path("unreachable").asBoolean(true));
            return SimResponse.noContent();
        });
    }
}
