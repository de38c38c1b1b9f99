package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Octavia.*;
import static org.stackport.simulator.internal.OctaviaInput.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Octavia L7 policies (ordered per listener by position; inserting at a position moves the later ones down) and
 * their rules, with Octavia's argument rules (sanitize_l7policy_api_args, l7rule_data). Changes go through the load
 * balancer's PENDING_UPDATE like every child. Part of {@link Octavia}; callers hold the world's lock.
 */
final class OctaviaL7 {

    private static final Set<String> ACTIONS = Set.of("REJECT", "REDIRECT_TO_URL", "REDIRECT_TO_POOL", "REDIRECT_PREFIX");
    private static final Set<String> RULE_TYPES = Set.of("HOST_NAME", "PATH", "FILE_TYPE", "HEADER", "COOKIE",
            "SSL_CONN_HAS_CERT", "SSL_VERIFY_RESULT", "SSL_DN_FIELD");
    private static final Set<String> COMPARE_TYPES = Set.of("REGEX", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "EQUAL_TO");
    private static final Set<Integer> REDIRECT_CODES = Set.of(301, 302, 303, 307, 308);
    private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/?#]+[^\\s]*$");

    private final Octavia octavia;
    private final World world;

    OctaviaL7(Octavia octavia) {
        this.octavia = octavia;
        this.world = octavia.world;
    }

    // ---- policies

    Res createPolicy(SimRequest r) {
        JsonNode b = body(r, "l7policy");
        String listenerId = required(b, "listener_id");
        String action = oneOf(b, "action", ACTIONS);
        Integer position = optionalInteger(b, "position", 1, Integer.MAX_VALUE, null);
        ObjectNode redirect = redirect(b, action);
        String poolId = Json.text(redirect, "redirect_pool_id");
        if (poolId != null) {
            octavia.get(r, Kinds.POOL, poolId);
        }
        Res listener = octavia.get(r, Kinds.LISTENER, listenerId);
        Res lb = octavia.lbOf(listener);
        octavia.requireMutable(lb);
        octavia.quota(lb.projectId, L7POLICY);
        ObjectNode body = octavia.base(lb.projectId, b);
        body.put(LB, lb.id).put(LISTENER, listener.id).put("listener_id", listener.id);
        body.put("action", Json.text(redirect, "action"));
        redirect.remove("action");
        body.setAll(redirect);
        List<Res> ordered = policies(lb.id, listener.id);
        int at = position == null || position > ordered.size() ? ordered.size() : position - 1;
        Res policy = world.add(L7POLICY, lb.projectId, body);
        ordered.add(at, policy);
        renumber(ordered);
        octavia.beginUpdate(lb, policy, "PENDING_CREATE");
        return policy;
    }

    Res updatePolicy(SimRequest r) {
        Res policy = octavia.get(r, L7POLICY, r.param("id"));
        JsonNode b = body(r, "l7policy");
        if (b.has("action")) {
            oneOf(b, "action", ACTIONS);
        }
        Integer position = optionalInteger(b, "position", 1, Integer.MAX_VALUE, null);
        ObjectNode redirect = redirect(b, Json.text(b, "action"));
        String poolId = Json.text(redirect, "redirect_pool_id");
        if (poolId != null) {
            octavia.get(r, Kinds.POOL, poolId);
        }
        Res lb = octavia.lbOf(policy);
        octavia.requireMutable(lb);
        copy(b, policy.body, "name", "description", "admin_state_up", "tags");
        policy.body.setAll(redirect);
        if (position != null) {
            List<Res> ordered = policies(lb.id, policy.body.path(LISTENER).asString(""));
            ordered.remove(policy);
            ordered.add(Math.min(position - 1, ordered.size()), policy);
            renumber(ordered);
        }
        octavia.beginUpdate(lb, policy, "PENDING_UPDATE");
        return policy;
    }

    /**
     * The action and redirect fields after Octavia's sanitize_l7policy_api_args: each action keeps only its own
     * redirect target, a target alone implies its action, and URL redirects default to HTTP 302.
     */
    private static ObjectNode redirect(JsonNode b, String action) {
        ObjectNode out = Json.object();
        String url = Json.text(b, "redirect_url");
        String poolId = Json.text(b, "redirect_pool_id");
        String prefix = Json.text(b, "redirect_prefix");
        Integer code = optionalInteger(b, "redirect_http_code", 0, Integer.MAX_VALUE, null);
        if (code != null && !REDIRECT_CODES.contains(code)) {
            throw invalidField("redirect_http_code", String.valueOf(code), "Value should be one of: 301, 302, 303, 307, 308");
        }
        if (action != null) {
            switch (action) {
                case "REJECT" -> {
                    url = null;
                    poolId = null;
                }
                case "REDIRECT_TO_URL" -> {
                    if (url == null || url.isEmpty()) {
                        throw l7Args("redirect_url must not be None");
                    }
                    poolId = null;
                }
                case "REDIRECT_TO_POOL" -> {
                    if (poolId == null || poolId.isEmpty()) {
                        throw l7Args("redirect_pool_id or redirect_pool must not be None");
                    }
                    url = null;
                }
                default -> {
                    if (prefix == null || prefix.isEmpty()) {
                        throw l7Args("redirect_prefix must not be None");
                    }
                }
            }
        }
        if (poolId != null && (url != null || prefix != null)) {
            throw l7Args("Cannot specify redirect_pool_id and redirect_url or redirect_prefix at the same time");
        }
        if (action != null) {
            out.put("action", action);
        }
        if (poolId != null) {
            out.put("action", "REDIRECT_TO_POOL").put("redirect_pool_id", poolId).putNull("redirect_url")
                    .putNull("redirect_prefix").putNull("redirect_http_code");
        } else if (url != null || prefix != null) {
            String target = url != null ? url : prefix;
            if (!URL.matcher(target).matches()) {
                throw ServiceError.octavia(400, "Client", "Not a valid URL: " + target);
            }
            out.put("action", url != null ? "REDIRECT_TO_URL" : "REDIRECT_PREFIX").putNull("redirect_pool_id")
                    .put("redirect_url", url).put("redirect_prefix", prefix).put("redirect_http_code", code == null ? 302 : code);
        } else if ("REJECT".equals(action)) {
            out.putNull("redirect_pool_id").putNull("redirect_url").putNull("redirect_prefix").putNull("redirect_http_code");
        }
        return out;
    }

    private static ServiceError l7Args(String message) {
        return ServiceError.octavia(400, "Client", "Invalid L7 Policy arguments: " + message);
    }

    private List<Res> policies(String lbId, String listenerId) {
        return new ArrayList<>(octavia.children(lbId, L7POLICY)
                .filter(p -> listenerId.equals(p.body.path(LISTENER).asString("")) && p.deletingUntil == null)
                .sorted(Comparator.comparingInt(p -> p.body.path("position").asInt(Integer.MAX_VALUE))).toList());
    }

    private static void renumber(List<Res> ordered) {
        for (int i = 0; i < ordered.size(); i++) {
            ordered.get(i).body.put("position", i + 1);
        }
    }

    /** After a policy's delete has begun, the remaining ones close the gap. */
    void closeGap(Res deleted) {
        Res lb = octavia.lbOf(deleted);
        if (lb != null) {
            renumber(policies(lb.id, deleted.body.path(LISTENER).asString("")));
        }
    }

    // ---- rules

    Res policyOf(SimRequest r) {
        Res policy = world.get(L7POLICY, r.param("policy_id")).filter(p -> !octavia.finishedDeleting(p))
                .orElseThrow(() -> ServiceError.octavia(404, "Client", "L7Policy " + r.param("policy_id") + " not found."));
        if (!octavia.visible(policy, r)) {
            throw forbidden();
        }
        return policy;
    }

    Res rule(SimRequest r) {
        Res policy = policyOf(r);
        Res rule = octavia.get(r, L7RULE, r.param("id"));
        if (!policy.id.equals(rule.body.path(POLICY).asString(""))) {
            throw notFound(L7RULE, rule.id);
        }
        return rule;
    }

    Res createRule(SimRequest r) {
        Res policy = policyOf(r);
        JsonNode b = body(r, "rule");
        String type = oneOf(b, "type", RULE_TYPES);
        String compare = oneOf(b, "compare_type", COMPARE_TYPES);
        String value = required(b, "value");
        checkRule(type, compare, Json.text(b, "key"), value);
        Res lb = octavia.lbOf(policy);
        octavia.requireMutable(lb);
        octavia.quota(lb.projectId, L7RULE);
        ObjectNode body = octavia.base(lb.projectId, b);
        body.remove("name");
        body.remove("description");
        body.put(LB, lb.id).put(LISTENER, policy.body.path(LISTENER).asString("")).put(POLICY, policy.id);
        body.put("type", type).put("compare_type", compare).put("key", Json.text(b, "key")).put("value", value)
                .put("invert", b.path("invert").asBoolean(false));
        Res rule = world.add(L7RULE, lb.projectId, body);
        octavia.beginUpdate(lb, rule, "PENDING_CREATE");
        return rule;
    }

    Res updateRule(SimRequest r) {
        Res rule = rule(r);
        JsonNode b = body(r, "rule");
        String type = b.has("type") ? oneOf(b, "type", RULE_TYPES) : rule.body.path("type").asString("");
        String compare = b.has("compare_type") ? oneOf(b, "compare_type", COMPARE_TYPES) : rule.body.path("compare_type").asString("");
        String key = b.has("key") ? Json.text(b, "key") : Json.text(rule.body, "key");
        String value = b.has("value") ? required(b, "value") : rule.body.path("value").asString("");
        checkRule(type, compare, key, value);
        Res lb = octavia.lbOf(rule);
        octavia.requireMutable(lb);
        copy(b, rule.body, "type", "compare_type", "key", "value", "invert", "admin_state_up", "tags");
        octavia.beginUpdate(lb, rule, "PENDING_UPDATE");
        return rule;
    }

    /** The parts of Octavia's l7rule_data and validate_l7rule_ssl_types that depend only on the rule itself. */
    private static void checkRule(String type, String compare, String key, String value) {
        String problem = null;
        if (compare.equals("REGEX")) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw ServiceError.octavia(400, "Client", "Unable to parse regular expression: " + e.getDescription());
            }
        }
        switch (type) {
            case "FILE_TYPE" -> {
                if (!compare.equals("REGEX") && !compare.equals("EQUAL_TO")) {
                    problem = "invalid comparison type for rule type";
                }
            }
            case "SSL_CONN_HAS_CERT", "SSL_VERIFY_RESULT" -> {
                if (key != null && !key.isEmpty()) {
                    problem = "L7rule type " + type + " does not use the \"key\" field.";
                } else if (type.equals("SSL_CONN_HAS_CERT") && !value.equalsIgnoreCase("true")) {
                    problem = "L7rule value " + value + " is not a boolean True string.";
                } else if (type.equals("SSL_VERIFY_RESULT") && !value.matches("\\d+")) {
                    problem = "L7rule type " + type + " needs a int value, which is >= 0";
                } else if (!compare.equals("EQUAL_TO")) {
                    problem = "L7rule type " + type + " only supports the EQUAL_TO compare type.";
                }
            }
            case "SSL_DN_FIELD" -> {
                if (key == null || key.isEmpty()) {
                    problem = "L7rule type " + type + " needs to specify a key and a value.";
                }
            }
            default -> {
            }
        }
        if (problem != null) {
            throw ServiceError.octavia(400, "Client", "Invalid L7 Rule: " + problem);
        }
    }
}
