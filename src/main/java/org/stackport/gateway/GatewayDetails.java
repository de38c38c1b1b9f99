package org.stackport.gateway;

import java.util.List;
import java.util.Map;

/** A gateway's details page: its state, install choices (secrets masked) and newest events. */
public record GatewayDetails(GatewayView gateway, Map<String, Object> settings, List<GatewayEventView> events) {

    public GatewayDetails {
        settings = Map.copyOf(settings.entrySet().stream().filter(e -> e.getValue() != null && !e.getKey().endsWith("Secret"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> withoutSecrets(e.getValue()))));
    }

    @SuppressWarnings("unchecked")
    private static Object withoutSecrets(Object value) {
        if (value instanceof Map<?, ?> map) {
            var copy = new java.util.LinkedHashMap<String, Object>();
            ((Map<String, Object>) map).forEach((k, v) -> {
                if (!k.endsWith("Secret") && v != null) {
                    copy.put(k, withoutSecrets(v));
                }
            });
            return copy;
        }
        return value;
    }
}
