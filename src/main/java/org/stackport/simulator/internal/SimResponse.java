package org.stackport.simulator.internal;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** What a route answers: a status, an optional JSON body and extra headers. */
public record SimResponse(int status, JsonNode body, Map<String, String> headers) {

    public static SimResponse ok(JsonNode body) {
        return new SimResponse(200, body, Map.of());
    }

    public static SimResponse created(JsonNode body) {
        return new SimResponse(201, body, Map.of());
    }

    public static SimResponse accepted(JsonNode body) {
        return new SimResponse(202, body, Map.of());
    }

    public static SimResponse noContent() {
        return new SimResponse(204, null, Map.of());
    }

    public static SimResponse status(int status, JsonNode body) {
        return new SimResponse(status, body, Map.of());
    }
}
