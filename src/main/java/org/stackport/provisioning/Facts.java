package org.stackport.provisioning;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ids the engine looks up once per cluster and keeps (JSON in the run): the OS image, the pools' flavors, the
 * external network (null when the cloud has none: no floating IP then) and, for static placement, the user's network
 * and subnet.
 */
record Facts(String imageId, Map<String, String> flavorIds, String externalNetworkId, String networkId,
             String subnetId, String subnetCidr) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    String toJson() {
        return JSON.writeValueAsString(this);
    }

    static Facts fromJson(String json) {
        return JSON.readValue(json, Facts.class);
    }
}
