package org.stackport.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.function.Consumer;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;
import org.stackport.account.CloudAccountService;
import org.stackport.cluster.ClusterRules;
import org.stackport.gateway.GatewayService;
import org.stackport.profile.ClusterProfileService;
import org.stackport.shared.Cidrs;

/**
 * States in the OpenAPI document the limits the services check (maxLength, maxItems, maxProperties), read from the
 * services' own constants so the document cannot drift from the checks. The request bodies are the feature modules'
 * records, which know nothing of OpenAPI; this is where the API describes them.
 */
@Component
class InputLimitsDocs implements OpenApiCustomizer {

    private static final int NAME = 63;

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
            return;
        }
        gateway(api);
        account(api);
        cluster(api);
        profile(api);
    }

    private void gateway(OpenAPI api) {
        String g = "GatewayRegistration";
        text(api, g, "name", NAME);
        text(api, g, "cloudAccount", NAME);
        text(api, g, "podCidr", GatewayService.MAX_CIDR);
        text(api, g, "serviceCidr", GatewayService.MAX_CIDR);
        text(api, g, "openstack.identityEndpoint", CloudAccountService.MAX_ENDPOINT,
                "Keystone v3 URL without user name or password in it");
        text(api, g, "openstack.username", CloudAccountService.MAX_USERNAME);
        text(api, g, "openstack.password", CloudAccountService.MAX_PASSWORD);
        text(api, g, "openstack.caCertificate", CloudAccountService.MAX_CA_CERTIFICATE);
        text(api, g, "openstack.domain", CloudAccountService.MAX_CLOUD_NAME);
        text(api, g, "openstack.region", CloudAccountService.MAX_CLOUD_NAME);
        text(api, g, "openstack.project", CloudAccountService.MAX_CLOUD_NAME);
        text(api, g, "openstack.sshPublicKey", GatewayService.MAX_SSH_KEY);
        text(api, g, "openstack.availabilityZone", GatewayService.MAX_CLOUD_NAME);
        text(api, g, "openstack.placement.network", GatewayService.MAX_CLOUD_NAME);
        text(api, g, "openstack.placement.subnet", GatewayService.MAX_CLOUD_NAME);
        text(api, g, "openstack.placement.nodeCidr", GatewayService.MAX_CIDR);
        list(api, g, "openstack.placement.dnsServers", Cidrs.MAX_NAME_SERVERS, 45, "IPv4 or IPv6 address literals");
        text(api, g, "proxy.https", GatewayService.MAX_PROXY_URL,
                "http(s) URL; a user name, password or token in it is kept encrypted and shown masked");
        text(api, g, "proxy.http", GatewayService.MAX_PROXY_URL,
                "http(s) URL; a user name, password or token in it is kept encrypted and shown masked");
        list(api, g, "proxy.noProxy", GatewayService.MAX_NO_PROXY, GatewayService.MAX_NO_PROXY_ENTRY,
                "hosts, domains, addresses or CIDRs; " + GatewayService.MAX_NO_PROXY_LENGTH + " characters in all at most");
        text(api, g, "proxy.caCertificatePath", GatewayService.MAX_CA_PATH, "absolute path on the gateway's hosts");
    }

    private void account(OpenAPI api) {
        String a = "CloudAccountCommand";
        text(api, a, "name", NAME);
        text(api, a, "gateway", NAME);
        text(api, a, "project", NAME);
        text(api, a, "username", CloudAccountService.MAX_USERNAME);
        text(api, a, "password", CloudAccountService.MAX_PASSWORD);
        text(api, a, "applicationCredentialId", CloudAccountService.MAX_USERNAME,
                "with authType applicationCredential: the Keystone application credential's id");
        text(api, a, "applicationCredentialSecret", CloudAccountService.MAX_PASSWORD,
                "with authType applicationCredential: its secret (stored encrypted, never returned)");
        text(api, a, "identityEndpoint", CloudAccountService.MAX_ENDPOINT, "Keystone v3 URL without user name or password in it");
        text(api, a, "caCertificate", CloudAccountService.MAX_CA_CERTIFICATE);
        text(api, a, "parentRegion", CloudAccountService.MAX_CLOUD_NAME);
        text(api, a, "defaultDomain", CloudAccountService.MAX_CLOUD_NAME);
        text(api, a, "defaultProject", CloudAccountService.MAX_CLOUD_NAME);
    }

    private void cluster(OpenAPI api) {
        String c = "ClusterSpec";
        text(api, c, "name", NAME);
        text(api, c, "description", ClusterRules.MAX_DESCRIPTION);
        list(api, c, "tags", ClusterRules.MAX_TAGS, NAME, null);
        text(api, c, "profile", NAME);
        text(api, c, "cloudAccount", NAME);
        at(api, c, "packOverrides", s -> s.maxProperties(ClusterRules.MAX_OVERRIDES).description("pack name → YAML; "
                + ClusterRules.MAX_OVERRIDES_LENGTH + " characters in all at most"));
        for (String f : new String[] {"domain", "region", "project", "sshKeyName", "network", "subnet"}) {
            text(api, c, "placement." + f, ClusterRules.MAX_CLOUD_NAME);
        }
        text(api, c, "placement.subnetCidr", GatewayService.MAX_CIDR);
        list(api, c, "placement.dnsServers", Cidrs.MAX_NAME_SERVERS, 45, "IPv4 or IPv6 address literals");
        at(api, c, "workerPools", s -> s.maxItems(ClusterRules.MAX_POOLS));
        for (String pool : new String[] {"masterPool", "workerPools[]"}) {
            at(api, c, pool + ".labels", s -> s.maxProperties(ClusterRules.MAX_LABELS));
            at(api, c, pool + ".taints", s -> s.maxItems(ClusterRules.MAX_LABELS));
            text(api, c, pool + ".instanceType", ClusterRules.MAX_CLOUD_NAME);
            list(api, c, pool + ".availabilityZones", ClusterRules.MAX_ZONES, ClusterRules.MAX_CLOUD_NAME, null);
        }
        text(api, c, "policies.scanSchedule", ClusterRules.MAX_CRON, "five-field cron: minute hour day-of-month month weekday");
        text(api, c, "policies.backup.schedule", ClusterRules.MAX_CRON, "five-field cron: minute hour day-of-month month weekday");
    }

    private void profile(OpenAPI api) {
        String p = "ProfileCommand";
        text(api, p, "name", NAME);
        text(api, p, "description", ClusterProfileService.MAX_DESCRIPTION);
        text(api, p, "version", 14);
        at(api, p, "packs", s -> s.maxItems(ClusterProfileService.MAX_PACKS));
        text(api, p, "packs[].name", 100);
        text(api, p, "packs[].version", 40);
        text(api, p, "packs[].values", ClusterProfileService.MAX_VALUES_LENGTH,
                "YAML; all packs' values together at most " + ClusterProfileService.MAX_VALUES_LENGTH + " characters");
    }

    private static void text(OpenAPI api, String root, String path, int max) {
        text(api, root, path, max, null);
    }

    private static void text(OpenAPI api, String root, String path, int max, String description) {
        at(api, root, path, s -> {
            s.maxLength(max);
            if (description != null) {
                s.description(description);
            }
        });
    }

    private static void list(OpenAPI api, String root, String path, int maxItems, int maxLength, String description) {
        at(api, root, path, s -> {
            s.maxItems(maxItems);
            if (s.getItems() != null) {
                s.getItems().maxLength(maxLength);
            }
            if (description != null) {
                s.description(description);
            }
        });
    }

    /**
     * The property schema at a dotted path from a component ({@code a.b} follows references, {@code a[].b} goes into
     * a list's items); quietly nothing when the document has no such property.
     */
    @SuppressWarnings("rawtypes")
    private static void at(OpenAPI api, String root, String path, Consumer<Schema> change) {
        Schema schema = api.getComponents().getSchemas().get(root);
        String[] steps = path.split("\\.");
        for (int i = 0; schema != null && i < steps.length; i++) {
            boolean items = steps[i].endsWith("[]");
            String name = items ? steps[i].substring(0, steps[i].length() - 2) : steps[i];
            schema = resolve(api, schema);
            Schema property = schema == null || schema.getProperties() == null ? null : (Schema) schema.getProperties().get(name);
            if (property == null) {
                return;
            }
            if (i == steps.length - 1) {
                change.accept(property);
                return;
            }
            schema = items ? property.getItems() : property;
        }
    }

    @SuppressWarnings("rawtypes")
    private static Schema resolve(OpenAPI api, Schema schema) {
        if (schema != null && schema.get$ref() != null) {
            return api.getComponents().getSchemas().get(schema.get$ref().replaceAll(".*/", ""));
        }
        return schema;
    }
}
