package org.stackport.provisioning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackport.cluster.ClusterSpec;
import org.stackport.openstack.CloudFailure;
import org.stackport.openstack.NetworkApi;

/** The first step: look up once, by name, the ids the other steps need, and keep them with the run. */
final class Resolve {

    private Resolve() {
    }

    static Outcome facts(Ctx x) {
        if (x.facts != null) {
            return Outcome.done("image, flavors and networks known");
        }
        ClusterSpec s = x.work.spec();
        String image = x.work.profile().osImage();
        String imageId = x.apis.images().findByName(x.cloud, image).map(i -> i.id())
                .orElseThrow(() -> missing("find image " + image, "the cloud has no image '" + image
                        + "' that the profile's OS pack needs"));
        Map<String, String> flavors = new LinkedHashMap<>();
        List<String> wanted = new java.util.ArrayList<>(List.of(s.masterPool().instanceType()));
        (s.workerPools() == null ? List.<ClusterSpec.WorkerPool>of() : s.workerPools()).forEach(p -> wanted.add(p.instanceType()));
        for (String f : wanted) {
            if (!flavors.containsKey(f)) {
                String id = x.apis.compute().findFlavorByName(x.cloud, f).map(v -> v.id())
                        .orElseThrow(() -> missing("find flavor " + f, "the cloud has no flavor '" + f + "'"));
                flavors.put(f, id);
            }
        }
        String external = x.apis.network().findExternalNetwork(x.cloud, null).map(NetworkApi.NetworkInfo::id).orElse(null);
        String networkId = null;
        String subnetId = null;
        String cidr = s.placement().subnetCidr();
        if (!Deploy.dynamic(s)) {
            NetworkApi.NetworkInfo net = x.apis.network().findNetwork(x.cloud, s.placement().network())
                    .orElseThrow(() -> missing("find network " + s.placement().network(), "the cloud has no network '"
                            + s.placement().network() + "'"));
            NetworkApi.SubnetInfo sub = x.apis.network().findSubnet(x.cloud, net.id(), s.placement().subnet())
                    .orElseThrow(() -> missing("find subnet " + s.placement().subnet(), "network " + net.name()
                            + " has no subnet '" + s.placement().subnet() + "'"));
            networkId = net.id();
            subnetId = sub.id();
            cidr = sub.cidr();
            if (external != null && !routed(x, sub.id(), external)) {
                // Neutron refuses a floating IP for a port whose subnet has no router to the external network
                external = null;
            }
        }
        Facts facts = new Facts(imageId, flavors, external, networkId, subnetId, cidr);
        x.ledger.saveFacts(x.id(), facts.toJson());
        x.facts = facts;
        return Outcome.done("image " + image + ", " + flavors.size() + " flavor(s)"
                + (external == null ? ", no external network the nodes' subnet reaches (no floating IP)"
                : ", external network " + external));
    }

    /** Whether a router with its gateway on the external network has an interface on the subnet. */
    private static boolean routed(Ctx x, String subnetId, String externalNetworkId) {
        NetworkApi net = x.apis.network();
        return net.routers(x.cloud).stream().filter(r -> externalNetworkId.equals(r.externalNetworkId()))
                .anyMatch(r -> net.routerInterfaces(x.cloud, r.id()).stream()
                        .anyMatch(p -> p.fixedIps().stream().anyMatch(f -> subnetId.equals(f.subnetId()))));
    }

    private static CloudFailure missing(String action, String message) {
        return new CloudFailure(CloudFailure.Kind.CONFLICT, action, 404, message, null, null);
    }
}
