package org.stackport.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stackport.shared.Errors;
import org.stackport.shared.FieldError;
import org.stackport.shared.ValidationException;

/** Every rule a cluster request meets on its own, one row per broken rule, with the field it must name. */
class ClusterRulesTest {

    static ClusterSpec.WorkerPool worker(String name, int size) {
        return new ClusterSpec.WorkerPool(name, size, new ClusterSpec.Autoscaler(false, null, null), "expand-first",
                Map.of("tier", "web"), List.of(), "m1.medium", List.of("az1"), 40);
    }

    static ClusterSpec good() {
        return new ClusterSpec("web-1", "a cluster", List.of("env:prod"), "base", Map.of(), "local-openstack",
                new ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "static", "private", "private-subnet", null, null),
                new ClusterSpec.MasterPool(3, false, Map.of("node-role.kubernetes.io/control-plane", ""),
                        List.of(new ClusterSpec.Taint("dedicated", "cp", "NoSchedule")), "m1.medium", List.of("az1", "az2"), 40),
                List.of(worker("workers", 2)),
                new ClusterSpec.Policies(true, true, "0 3 * * 0", new ClusterSpec.Backup("0 2 * * *", 7)));
    }

    static List<String> fields(ClusterSpec spec) {
        Errors errors = new Errors();
        ClusterRules.check(spec, errors);
        try {
            errors.throwIfAny();
            return List.of();
        } catch (ValidationException e) {
            return e.errors().stream().map(FieldError::field).toList();
        }
    }

    @Test
    void a_good_request_passes() {
        assertThat(fields(good())).isEmpty();
    }

    static ClusterSpec with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(good())).build();
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("name with capitals", with(b -> b.name("Web")), "name"),
                Arguments.of("name missing", with(b -> b.name(null)), "name"),
                Arguments.of("name too long", with(b -> b.name("a".repeat(64))), "name"),
                Arguments.of("bad tag", with(b -> b.tags(List.of("has space"))), "tags[0]"),
                Arguments.of("tag twice", with(b -> b.tags(List.of("a", "a"))), "tags[1]"),
                Arguments.of("no profile", with(b -> b.profile(" ")), "profile"),
                Arguments.of("no account", with(b -> b.account(null)), "cloudAccount"),
                Arguments.of("no ssh key", with(b -> b.placement(p("static", "private", "private-subnet", null, null, null))), "placement.sshKeyName"),
                Arguments.of("placement type", with(b -> b.placement(p("floating", null, null, null, null, "k"))), "placement.type"),
                Arguments.of("static without network", with(b -> b.placement(p("static", null, "s", null, null, "k"))), "placement.network"),
                Arguments.of("static without subnet", with(b -> b.placement(p("static", "n", "", null, null, "k"))), "placement.subnet"),
                Arguments.of("dynamic bad cidr", with(b -> b.placement(p("dynamic", null, null, "10.0.0.0/33", List.of("8.8.8.8"), "k"))), "placement.subnetCidr"),
                Arguments.of("dynamic tiny cidr", with(b -> b.placement(p("dynamic", null, null, "10.0.0.0/30", List.of("8.8.8.8"), "k"))), "placement.subnetCidr"),
                Arguments.of("dynamic no dns", with(b -> b.placement(p("dynamic", null, null, "10.0.0.0/24", List.of(), "k"))), "placement.dnsServers"),
                Arguments.of("dynamic bad dns", with(b -> b.placement(p("dynamic", null, null, "10.0.0.0/24", List.of("dns.example"), "k"))), "placement.dnsServers[0]"),
                Arguments.of("too many dns servers", with(b -> b.placement(p("dynamic", null, null, "10.0.0.0/24", List.of("1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4", "1.1.1.5", "1.1.1.6"), "k"))), "placement.dnsServers"),
                Arguments.of("dns with a line break", with(b -> b.placement(p("dynamic", null, null, "10.0.0.0/24", List.of("8.8.8.8\nnameserver 6.6.6.6"), "k"))), "placement.dnsServers[0]"),
                Arguments.of("dns as markup", with(b -> b.placement(p("dynamic", null, null, "10.0.0.0/24", List.of("<script>"), "k"))), "placement.dnsServers[0]"),
                Arguments.of("ssh key name with a line break", with(b -> b.placement(p("static", "private", "private-subnet", null, null, "demo-key\n"))), "placement.sshKeyName"),
                Arguments.of("network name too long", with(b -> b.placement(p("static", "n".repeat(30_000), "private-subnet", null, null, "k"))), "placement.network"),
                Arguments.of("zone name too long", with(b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "f", List.of("z".repeat(300)), 40))), "masterPool.availabilityZones[0]"),
                Arguments.of("too many zones", with(b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "f", java.util.stream.IntStream.range(0, 11).mapToObj(i -> "az" + i).toList(), 40))), "masterPool.availabilityZones"),
                Arguments.of("flavor with a control character", with(b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "m1.small\u0007", List.of("az1"), 40))), "masterPool.instanceType"),
                Arguments.of("master size 2", with(b -> b.master(m -> new ClusterSpec.MasterPool(2, m.allowWorkerCapability(), m.labels(), m.taints(), m.instanceType(), m.availabilityZones(), m.diskGiB()))), "masterPool.size"),
                Arguments.of("master label key", with(b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of("-bad", "x"), List.of(), "f", List.of("az1"), 40))), "masterPool.labels.-bad"),
                Arguments.of("label prefix", with(b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of("Not_DNS/x", "y"), List.of(), "f", List.of("az1"), 40))), "masterPool.labels.Not_DNS/x"),
                Arguments.of("label value", with(b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of("k", "bad value"), List.of(), "f", List.of("az1"), 40))), "masterPool.labels.k"),
                Arguments.of("taint effect", with(b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of(), List.of(new ClusterSpec.Taint("k", "v", "Never")), "f", List.of("az1"), 40))), "masterPool.taints[0].effect"),
                Arguments.of("taint key", with(b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of(), List.of(new ClusterSpec.Taint("", "v", "NoExecute")), "f", List.of("az1"), 40))), "masterPool.taints[0].key"),
                Arguments.of("master flavor", with(b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "", List.of("az1"), 40))), "masterPool.instanceType"),
                Arguments.of("master zones", with(b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "f", List.of(), 40))), "masterPool.availabilityZones"),
                Arguments.of("zone twice", with(b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "f", List.of("a", "a"), 40))), "masterPool.availabilityZones"),
                Arguments.of("disk small", with(b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "f", List.of("az1"), 0))), "masterPool.diskGiB"),
                Arguments.of("no workers", with(b -> b.workers(List.of())), "workerPools"),
                Arguments.of("worker name", with(b -> b.workers(List.of(worker("Bad_Name", 1)))), "workerPools[0].name"),
                Arguments.of("worker names twice", with(b -> b.workers(List.of(worker("w", 1), worker("w", 1)))), "workerPools[1].name"),
                Arguments.of("worker named master", with(b -> b.workers(List.of(worker("master", 1)))), "workerPools[0].name"),
                Arguments.of("worker size", with(b -> b.workers(List.of(worker("w", -1)))), "workerPools[0].size"),
                Arguments.of("autoscaler min > max", with(b -> b.workers(List.of(scaled(4, 5, 3)))), "workerPools[0].autoscaler.min"),
                Arguments.of("size outside bounds", with(b -> b.workers(List.of(scaled(1, 2, 5)))), "workerPools[0].size"),
                Arguments.of("autoscaler no max", with(b -> b.workers(List.of(scaled(1, 1, null)))), "workerPools[0].autoscaler.max"),
                Arguments.of("rolling update", with(b -> b.workers(List.of(new ClusterSpec.WorkerPool("w", 1, null, "sideways", Map.of(), List.of(), "f", List.of("az1"), 40)))), "workerPools[0].rollingUpdate"),
                Arguments.of("worker disk", with(b -> b.workers(List.of(new ClusterSpec.WorkerPool("w", 1, null, "contract-first", Map.of(), List.of(), "f", List.of("az1"), 4096)))), "workerPools[0].diskGiB"),
                Arguments.of("scan cron", with(b -> b.policies(new ClusterSpec.Policies(false, false, "every day", null))), "policies.scanSchedule"),
                Arguments.of("scan cron values", with(b -> b.policies(new ClusterSpec.Policies(false, false, "61 * * * *", null))), "policies.scanSchedule"),
                Arguments.of("reboot without patch", with(b -> b.policies(new ClusterSpec.Policies(false, true, null, null))), "policies.rebootIfRequired"),
                Arguments.of("backup retention", with(b -> b.policies(new ClusterSpec.Policies(false, false, null, new ClusterSpec.Backup("0 1 * * *", 0)))), "policies.backup.retentionDays"),
                Arguments.of("backup cron", with(b -> b.policies(new ClusterSpec.Policies(false, false, null, new ClusterSpec.Backup("0 1 * *", 3)))), "policies.backup.schedule"));
    }

    static ClusterSpec.WorkerPool scaled(int size, Integer min, Integer max) {
        return new ClusterSpec.WorkerPool("w", size, new ClusterSpec.Autoscaler(true, min, max), "expand-first",
                Map.of(), List.of(), "m1.small", List.of("az1"), 40);
    }

    static ClusterSpec.Placement p(String type, String network, String subnet, String cidr, List<String> dns, String key) {
        return new ClusterSpec.Placement("Default", "RegionOne", "dev", key, type, network, subnet, cidr, dns);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void each_broken_rule_names_its_field(String rule, ClusterSpec spec, String field) {
        assertThat(fields(spec)).containsExactly(field);
    }

    @Test
    void masters_that_also_work_need_no_worker_pool() {
        ClusterSpec spec = with(b -> b.workers(List.of()).master(m -> new ClusterSpec.MasterPool(1, true, Map.of(), List.of(), "f", List.of("az1"), 40)));
        assertThat(fields(spec)).isEmpty();
    }

    @Test
    void dns_servers_may_be_ipv6_literals() {
        ClusterSpec spec = with(b -> b.placement(p("dynamic", null, null, "10.20.0.0/24",
                List.of("2001:4860:4860::8888", "::1", "fd00:0:0:0:0:0:0:53", "::ffff:10.0.0.1", "8.8.4.4"), "k")));
        assertThat(fields(spec)).isEmpty();
        assertThat(fields(with(b -> b.placement(p("dynamic", null, null, "10.20.0.0/24", List.of("2001:db8::1::2"), "k")))))
                .containsExactly("placement.dnsServers[0]");
        assertThat(fields(with(b -> b.placement(p("dynamic", null, null, "10.20.0.0/24", List.of("1.2.3.+4"), "k")))))
                .containsExactly("placement.dnsServers[0]");
    }

    @Test
    void names_that_only_point_elsewhere_are_bounded_too() {
        assertThat(fields(with(b -> b.account("a".repeat(30_000)).profile("p\nq")))).containsExactly("profile", "cloudAccount");
    }

    static String message(ClusterSpec spec, String field) {
        Errors errors = new Errors();
        ClusterRules.check(spec, errors);
        try {
            errors.throwIfAny();
            return null;
        } catch (ValidationException e) {
            return e.messageFor(field);
        }
    }

    @Test
    void a_bad_schedule_is_explained_in_the_five_field_cron_the_user_wrote() {
        String minute = message(with(b -> b.policies(new ClusterSpec.Policies(false, false, "61 2 * * *", null))),
                "policies.scanSchedule");
        assertThat(minute).contains("minute must be 0–59 in '61 2 * * *'").doesNotContain("0 61 2");
        String weekday = message(with(b -> b.policies(new ClusterSpec.Policies(false, false, null,
                new ClusterSpec.Backup("0 2 * * 9", 7)))), "policies.backup.schedule");
        assertThat(weekday).contains("weekday").contains("'0 2 * * 9'").doesNotContain("0 0 2");
        String month = message(with(b -> b.policies(new ClusterSpec.Policies(false, false, "0 2 * 13 *", null))),
                "policies.scanSchedule");
        assertThat(month).contains("month must be 1–12").doesNotContain("0 0 2");
    }

    @Test
    void a_dynamic_placement_needs_no_network_and_prefixed_label_keys_are_fine() {
        ClusterSpec spec = with(b -> b.placement(p("dynamic", null, null, "10.20.0.0/24", List.of("8.8.8.8", "1.1.1.1"), "k"))
                .master(m -> new ClusterSpec.MasterPool(1, false, Map.of("topology.kubernetes.io/zone", "az1", "example.com/x", ""),
                        List.of(new ClusterSpec.Taint("example.com/gpu", "", "PreferNoSchedule")), "f", List.of("az1"), 40)));
        assertThat(fields(spec)).isEmpty();
    }

    /** Small copier for one-field changes. */
    record Builder(String name, String description, List<String> tags, String profile, Map<String, String> overrides,
                   String account, ClusterSpec.Placement placement, ClusterSpec.MasterPool masterPool,
                   List<ClusterSpec.WorkerPool> workerPools, ClusterSpec.Policies policiesValue) {
        Builder(ClusterSpec s) {
            this(s.name(), s.description(), s.tags(), s.profile(), s.packOverrides(), s.cloudAccount(), s.placement(),
                    s.masterPool(), new ArrayList<>(s.workerPools()), s.policies());
        }

        Builder name(String v) {
            return new Builder(v, description, tags, profile, overrides, account, placement, masterPool, workerPools, policiesValue);
        }

        Builder tags(List<String> v) {
            return new Builder(name, description, v, profile, overrides, account, placement, masterPool, workerPools, policiesValue);
        }

        Builder profile(String v) {
            return new Builder(name, description, tags, v, overrides, account, placement, masterPool, workerPools, policiesValue);
        }

        Builder account(String v) {
            return new Builder(name, description, tags, profile, overrides, v, placement, masterPool, workerPools, policiesValue);
        }

        Builder placement(ClusterSpec.Placement v) {
            return new Builder(name, description, tags, profile, overrides, account, v, masterPool, workerPools, policiesValue);
        }

        Builder master(UnaryOperator<ClusterSpec.MasterPool> v) {
            return new Builder(name, description, tags, profile, overrides, account, placement, v.apply(masterPool), workerPools, policiesValue);
        }

        Builder workers(List<ClusterSpec.WorkerPool> v) {
            return new Builder(name, description, tags, profile, overrides, account, placement, masterPool, v, policiesValue);
        }

        Builder policies(ClusterSpec.Policies v) {
            return new Builder(name, description, tags, profile, overrides, account, placement, masterPool, workerPools, v);
        }

        ClusterSpec build() {
            return new ClusterSpec(name, description, tags, profile, overrides, account, placement, masterPool, workerPools, policiesValue);
        }
    }
}
