package org.stackport.gateway;

import java.util.List;

/**
 * The registration request: the same fields as the seed's {@code pcg install} prompts. {@code cloudAccount}
 * names the account created with it (default: the gateway's name). {@code mode} is {@code agent} (the default:
 * agents inside the cloud carry the console's connections) or {@code direct} (the console reaches the cloud itself).
 */
public record GatewayRegistration(String name, String cloudType, Integer size, Boolean shareAcrossProjects,
                                  OpenStack openstack, Proxy proxy, String podCidr, String serviceCidr,
                                  String cloudAccount, String mode) {

    /** A gateway the console reaches its cloud through directly (the embedded one, a console inside the cloud). */
    public GatewayRegistration(String name, String cloudType, Integer size, Boolean shareAcrossProjects,
                               OpenStack openstack, Proxy proxy, String podCidr, String serviceCidr, String cloudAccount) {
        this(name, cloudType, size, shareAcrossProjects, openstack, proxy, podCidr, serviceCidr, cloudAccount, "direct");
    }

    public record OpenStack(String identityEndpoint, String username, String password, Boolean insecure,
                            String caCertificate, String domain, String region, String project, Placement placement,
                            String sshPublicKey, String availabilityZone, Boolean patchOsOnBoot, Boolean rebootAfterPatch) {
        @Override
        public String toString() {
            return "OpenStack[" + username + "@" + identityEndpoint + ", password=********]";
        }
    }

    public record Placement(String type, String network, String subnet, List<String> dnsServers, String nodeCidr) {
    }

    /** Proxy URLs may carry a password or token ({@code http://user:password@host:3128}); never printed. */
    public record Proxy(String https, String http, List<String> noProxy, String caCertificatePath) {
        @Override
        public String toString() {
            return "Proxy[https=" + shown(https) + ", http=" + shown(http) + ", noProxy=" + noProxy + ", caCertificatePath="
                    + caCertificatePath + "]";
        }

        private static String shown(String url) {
            try {
                return GatewayService.masked(url);
            } catch (IllegalArgumentException e) {
                return "(not a URL)";
            }
        }
    }
}
