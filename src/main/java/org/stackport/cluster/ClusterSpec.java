package org.stackport.cluster;

import java.util.List;
import java.util.Map;

/**
 * What a user asks for when creating a cluster: the body of {@code POST /projects/{project}/clusters} and what
 * the console's wizard builds, field for field (api.md). Stored whole with the cluster; provisioning works from it.
 */
public record ClusterSpec(String name, String description, List<String> tags, String profile,
                          Map<String, String> packOverrides, String cloudAccount, Placement placement,
                          MasterPool masterPool, List<WorkerPool> workerPools, Policies policies) {

    public record Placement(String domain, String region, String project, String sshKeyName, String type, String network,
                            String subnet, String subnetCidr, List<String> dnsServers) {
    }

    public record Taint(String key, String value, String effect) {
    }

    public record MasterPool(Integer size, Boolean allowWorkerCapability, Map<String, String> labels, List<Taint> taints,
                             String instanceType, List<String> availabilityZones, Integer diskGiB) {
    }

    public record Autoscaler(Boolean enabled, Integer min, Integer max) {
    }

    public record WorkerPool(String name, Integer size, Autoscaler autoscaler, String rollingUpdate,
                             Map<String, String> labels, List<Taint> taints, String instanceType,
                             List<String> availabilityZones, Integer diskGiB) {

        public boolean autoscaling() {
            return autoscaler != null && Boolean.TRUE.equals(autoscaler.enabled());
        }
    }

    public record Backup(String schedule, Integer retentionDays) {
    }

    public record Policies(Boolean osPatchOnBoot, Boolean rebootIfRequired, String scanSchedule, Backup backup) {
    }

    /** Nodes the cluster starts with: the master pool and each worker pool's size. */
    public int initialNodes() {
        int n = masterPool == null || masterPool.size() == null ? 0 : masterPool.size();
        for (WorkerPool p : workerPools == null ? List.<WorkerPool>of() : workerPools) {
            n += p.size() == null ? 0 : p.size();
        }
        return n;
    }
}
