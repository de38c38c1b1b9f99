package org.stackport.tunnel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an agent says of itself in its hello and heartbeats.
 *
 * @param node    the node's name (the server's name in OpenStack)
 * @param address the node's address inside the cloud
 * @param zone    its availability zone, or empty
 * @param version the agent's software version
 */
public record AgentInfo(String node, String address, String zone, String version) {

    public AgentInfo {
        node = clean(node);
        address = clean(address);
        zone = clean(zone);
        version = clean(version);
    }

    String encode() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("node", node);
        m.put("address", address);
        m.put("zone", zone);
        m.put("version", version);
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    public static AgentInfo decode(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new AgentInfo(m.get("node"), m.get("address"), m.get("zone"), m.get("version"));
    }

    /** Bounded and single-line: what an agent says is shown on the console's pages. */
    private static String clean(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("[\\p{Cntrl}]", " ").strip();
        return one.length() > 255 ? one.substring(0, 255) : one;
    }
}
