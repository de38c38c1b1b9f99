package org.stackport.simulator.internal;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Neutron's {@code /extensions}: only what the simulator really implements, because clients (and provisioning
 * code) decide from this list whether they may use a feature such as router gateways or tags.
 */
final class NeutronExtensions {

    private record Extension(String alias, String name, String description) {
    }

    private static final String UPDATED = "2013-01-01T10:00:00-00:00";
    private static final List<Extension> IMPLEMENTED = List.of(
            new Extension("agent", "agent", "The agent management extension."),
            new Extension("allowed-address-pairs", "Allowed Address Pairs", "Provides allowed address pairs"),
            new Extension("binding", "Port Binding", "Expose port bindings of a virtual port to external application"),
            new Extension("external-net", "Neutron external network", "Adds external network attribute to network resource."),
            new Extension("ext-gw-mode", "Neutron L3 Configurable external gateway mode",
                    "Extension of the router abstraction for specifying whether SNAT should occur on the external gateway"),
            new Extension("extraroute", "Neutron Extra Route", "Extra routes configuration for L3 router"),
            new Extension("extra_dhcp_opt", "Neutron Extra DHCP options",
                    "Extra options configuration for DHCP. For example PXE boot options to DHCP clients can be specified "
                            + "(e.g. tftp-server, server-ip-address, bootfile-name)"),
            new Extension("net-mtu", "Network MTU", "Provides MTU attribute for a network resource."),
            new Extension("port-security", "Port Security", "Provides port security"),
            new Extension("project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled."),
            new Extension("quotas", "Quota management support", "Expose functions for quotas management per project"),
            new Extension("quota_details", "Quota details management support",
                    "Expose functions for quotas usage statistics per project"),
            new Extension("router", "Neutron L3 Router",
                    "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway."),
            new Extension("security-group", "security-group", "The security groups extension."),
            new Extension("standard-attr-description", "standard-attr-description",
                    "Extension to add descriptions to standard attributes"),
            new Extension("standard-attr-revisions", "Resource revision numbers",
                    "This extension will display the revision number of neutron resources."),
            new Extension("standard-attr-tag", "Tag support for resources with standard attribute: subnet, trunk, "
                    + "network_segment_range, router, network, policy, subnetpool, port, security_group, floatingip",
                    "Enables to set tag on resources with standard attribute."),
            new Extension("standard-attr-timestamp", "Resource timestamps",
                    "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."),
            new Extension("subnet_allocation", "Subnet Allocation", "Enables allocation of subnets from a subnet pool"));

    private NeutronExtensions() {
    }

    static void register(Router router, String prefix) {
        router.add("GET", prefix + "/extensions", r -> {
            ObjectNode out = Json.object();
            ArrayNode list = out.putArray("extensions");
            IMPLEMENTED.forEach(e -> list.add(view(e)));
            return SimResponse.ok(out);
        });
        router.add("GET", prefix + "/extensions/{alias}", r -> IMPLEMENTED.stream()
                .filter(e -> e.alias().equals(r.param("alias"))).findFirst()
                .map(e -> {
                    ObjectNode out = Json.object();
                    out.set("extension", view(e));
                    return SimResponse.ok(out);
                })
                .orElseThrow(() -> ServiceError.neutron(404, "HTTPNotFound",
                        "Extension with alias " + r.param("alias") + " does not exist")));
    }

    private static ObjectNode view(Extension e) {
        ObjectNode o = Json.object();
        o.put("alias", e.alias()).put("name", e.name()).put("description", e.description()).put("updated", UPDATED);
        o.putArray("links");
        return o;
    }
}
