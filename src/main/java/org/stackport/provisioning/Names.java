package org.stackport.provisioning;

/**
 * The names and tag of a cluster's cloud resources. They carry the cluster's immutable uid, never its project or
 * name alone: two clusters called alike (in two projects, or one deleted and made again) must never find each
 * other's resources (CAPO #1476 deleted another cluster's ports that way).
 */
record Names(String uid) {

    String prefix() {
        return "sp-" + uid.substring(0, 8);
    }

    String tag() {
        return "stackport-cluster=" + uid;
    }

    String network() {
        return prefix() + "-net";
    }

    String subnet() {
        return prefix() + "-subnet";
    }

    String router() {
        return prefix() + "-router";
    }

    String controlPlaneGroup() {
        return prefix() + "-control-plane";
    }

    String nodesGroup() {
        return prefix() + "-nodes";
    }

    String loadBalancer() {
        return prefix() + "-api";
    }

    String listener() {
        return prefix() + "-api-6443";
    }

    String pool() {
        return prefix() + "-api-pool";
    }

    String monitor() {
        return prefix() + "-api-hm";
    }

    /** Floating IPs have no name: their description finds them again. */
    String floatingIpDescription() {
        return prefix() + "-api: control-plane address of Stackport cluster " + uid;
    }

    String serverGroup(String pool) {
        return prefix() + "-" + ("master".equals(pool) ? "cp" : pool);
    }

    String node(String pool, int index) {
        return prefix() + "-" + ("master".equals(pool) ? "cp" : pool) + "-" + index;
    }

    /** What openstack-cloud-controller-manager names the load balancers of Services (cluster name = prefix). */
    String cloudControllerLoadBalancers() {
        return "kube_service_" + prefix() + "_";
    }
}
