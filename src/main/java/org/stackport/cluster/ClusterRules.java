package org.stackport.cluster;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.scheduling.support.CronExpression;
import org.stackport.shared.Cidrs;
import org.stackport.shared.Errors;

/**
 * The rules a cluster request must meet on its own, before anything is looked up: names, tags, pool sizes,
 * Kubernetes labels and taints, autoscaler bounds, CIDR and DNS syntax, schedules. The same for the wizard
 * and the REST API; every problem is reported on its field.
 */
public final class ClusterRules {

    public static final List<Integer> MASTER_SIZES = List.of(1, 3, 5);
    public static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    public static final List<String> ROLLING_UPDATES = List.of("expand-first", "contract-first");
    public static final int MAX_POOL_SIZE = 100;
    public static final int MAX_TAGS = 20;
    public static final int MAX_POOLS = 20;
    public static final int MAX_LABELS = 50;
    public static final int MAX_ZONES = 10;
    /** Names of things in the cloud (domain, project, region, network, flavor, zone, key pair): Keystone's and Nova's 255. */
    public static final int MAX_CLOUD_NAME = 255;
    public static final int MAX_DESCRIPTION = 1000;
    public static final int MAX_OVERRIDES = 20;
    /** All pack overrides together; the cluster keeps them with its request and its resolved profile. */
    public static final int MAX_OVERRIDES_LENGTH = 100_000;
    public static final int MAX_CRON = 100;
    static final int MIN_DISK_GIB = 1;
    static final int MAX_DISK_GIB = 2048;
    /** A label or taint name: 63 characters at most, alphanumeric at both ends, '-', '_' and '.' inside. */
    private static final Pattern LABEL_NAME = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$");
    /** A DNS subdomain, as the optional prefix of a label key. */
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$");
    private static final Pattern TAG = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9_.:=-]{0,61}[A-Za-z0-9])?$");

    private ClusterRules() {
    }

    public static void check(ClusterSpec s, Errors errors) {
        errors.name("name", s.name());
        errors.text("description", s.description(), MAX_DESCRIPTION);
        List<String> tags = s.tags() == null ? List.of() : s.tags();
        if (tags.size() > MAX_TAGS) {
            errors.add("tags", "at most " + MAX_TAGS + " tags");
            tags = List.of();
        }
        Set<String> seenTags = new HashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag == null || !TAG.matcher(tag).matches()) {
                errors.add("tags[" + i + "]", "use 1-63 letters, digits and '-', '_', '.', ':' or '=' inside, e.g. env:prod");
            } else if (!seenTags.add(tag)) {
                errors.add("tags[" + i + "]", "'" + tag + "' is given twice");
            }
        }
        if (blank(s.profile())) {
            errors.add("profile", "is required");
        } else {
            errors.line("profile", s.profile(), 63);
        }
        if (blank(s.cloudAccount())) {
            errors.add("cloudAccount", "is required");
        } else {
            errors.line("cloudAccount", s.cloudAccount(), 63);
        }
        overrides(s.packOverrides(), errors);
        placement(s.placement(), errors);
        masterPool(s.masterPool(), errors);
        workerPools(s, errors);
        policies(s.policies(), errors);
    }

    private static void overrides(Map<String, String> overrides, Errors errors) {
        if (overrides == null || !errors.maxItems("packOverrides", overrides.keySet(), MAX_OVERRIDES)) {
            return;
        }
        long total = 0;
        for (var e : overrides.entrySet()) {
            String key = e.getKey();
            if (key == null || key.length() > 100 || Errors.controlCharacter(key, false) != null) {
                errors.add("packOverrides", "each override is named by a pack name of the profile (one line, at most 100 characters)");
                return;
            }
            total += e.getValue() == null ? 0 : e.getValue().length();
        }
        if (total > MAX_OVERRIDES_LENGTH) {
            errors.add("packOverrides", "come to " + total + " characters in all; at most " + MAX_OVERRIDES_LENGTH);
        }
    }

    private static void placement(ClusterSpec.Placement p, Errors errors) {
        if (p == null) {
            errors.add("placement", "is required");
            return;
        }
        for (var f : Map.of("placement.domain", nz(p.domain()), "placement.region", nz(p.region()),
                "placement.project", nz(p.project()), "placement.sshKeyName", nz(p.sshKeyName())).entrySet()) {
            if (f.getValue().isBlank()) {
                errors.add(f.getKey(), "is required");
            } else {
                errors.line(f.getKey(), f.getValue(), MAX_CLOUD_NAME);
            }
        }
        if ("static".equals(p.type())) {
            if (blank(p.network())) {
                errors.add("placement.network", "is required for static placement");
            } else {
                errors.line("placement.network", p.network(), MAX_CLOUD_NAME);
            }
            if (blank(p.subnet())) {
                errors.add("placement.subnet", "is required for static placement");
            } else {
                errors.line("placement.subnet", p.subnet(), MAX_CLOUD_NAME);
            }
        } else if ("dynamic".equals(p.type())) {
            if (!errors.line("placement.subnetCidr", p.subnetCidr(), 43)) {
                // said already
            } else if (blank(p.subnetCidr())) {
                errors.add("placement.subnetCidr", "is required for dynamic placement, e.g. 10.20.0.0/24");
            } else if (!Cidrs.valid(p.subnetCidr().strip())) {
                errors.add("placement.subnetCidr", "is not an IPv4 CIDR like 10.20.0.0/24");
            } else {
                int prefix = Integer.parseInt(p.subnetCidr().strip().substring(p.subnetCidr().strip().indexOf('/') + 1));
                if (prefix > 28) {
                    errors.add("placement.subnetCidr", "is too small: use /28 or larger for the nodes and the control-plane VIP");
                }
            }
            List<String> dns = p.dnsServers() == null ? List.of() : p.dnsServers();
            if (dns.isEmpty()) {
                errors.add("placement.dnsServers", "needs at least one DNS name server for dynamic placement");
            }
            errors.nameServers("placement.dnsServers", dns);
        } else {
            errors.add("placement.type", "must be static or dynamic");
        }
    }

    private static void masterPool(ClusterSpec.MasterPool m, Errors errors) {
        if (m == null) {
            errors.add("masterPool", "is required");
            return;
        }
        if (m.size() == null || !MASTER_SIZES.contains(m.size())) {
            errors.add("masterPool.size", "must be 1, 3 or 5 (an odd number keeps etcd's quorum)");
        }
        nodes("masterPool", m.labels(), m.taints(), m.instanceType(), m.availabilityZones(), m.diskGiB(), errors);
    }

    private static void workerPools(ClusterSpec s, Errors errors) {
        List<ClusterSpec.WorkerPool> pools = s.workerPools() == null ? List.of() : s.workerPools();
        boolean mastersWork = s.masterPool() != null && Boolean.TRUE.equals(s.masterPool().allowWorkerCapability());
        if (pools.isEmpty() && !mastersWork) {
            errors.add("workerPools", "add at least one worker pool, or allow worker capability on the master pool");
        }
        if (pools.size() > MAX_POOLS) {
            errors.add("workerPools", "at most " + MAX_POOLS + " worker pools");
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < pools.size(); i++) {
            ClusterSpec.WorkerPool p = pools.get(i);
            String at = "workerPools[" + i + "]";
            if (p == null) {
                errors.add(at, "is empty");
                continue;
            }
            if (errors.name(at + ".name", p.name())) {
                if (!names.add(p.name())) {
                    errors.add(at + ".name", "another worker pool is named '" + p.name() + "'");
                } else if ("master".equals(p.name()) || "cp".equals(p.name())) {
                    errors.add(at + ".name", "'" + p.name() + "' is kept for the master pool");
                }
            }
            if (p.size() == null || p.size() < 0 || p.size() > MAX_POOL_SIZE) {
                errors.add(at + ".size", "must be between 0 and " + MAX_POOL_SIZE);
            }
            if (p.autoscaling()) {
                ClusterSpec.Autoscaler a = p.autoscaler();
                if (a.min() == null || a.min() < 0) {
                    errors.add(at + ".autoscaler.min", "is required and must be 0 or more");
                }
                if (a.max() == null || a.max() < 1 || a.max() > MAX_POOL_SIZE) {
                    errors.add(at + ".autoscaler.max", "is required, between 1 and " + MAX_POOL_SIZE);
                }
                if (a.min() != null && a.max() != null && a.min() > a.max()) {
                    errors.add(at + ".autoscaler.min", "must not exceed the maximum " + a.max());
                } else if (p.size() != null && a.min() != null && a.max() != null && (p.size() < a.min() || p.size() > a.max())) {
                    errors.add(at + ".size", "must lie between the autoscaler's minimum " + a.min() + " and maximum " + a.max());
                }
            }
            if (p.rollingUpdate() == null || !ROLLING_UPDATES.contains(p.rollingUpdate())) {
                errors.add(at + ".rollingUpdate", "must be expand-first or contract-first");
            }
            nodes(at, p.labels(), p.taints(), p.instanceType(), p.availabilityZones(), p.diskGiB(), errors);
        }
    }

    private static void nodes(String at, Map<String, String> labels, List<ClusterSpec.Taint> taints, String instanceType,
                              List<String> zones, Integer diskGiB, Errors errors) {
        if (labels != null && labels.size() > MAX_LABELS) {
            errors.add(at + ".labels", "at most " + MAX_LABELS + " labels");
        } else if (labels != null) {
            labels.forEach((key, value) -> {
                String problem = labelKeyProblem(key);
                if (problem != null) {
                    errors.add(at + ".labels." + key, problem);
                } else if (labelValueProblem(value) != null) {
                    errors.add(at + ".labels." + key, labelValueProblem(value));
                }
            });
        }
        List<ClusterSpec.Taint> ts = taints == null ? List.of() : taints;
        if (ts.size() > MAX_LABELS) {
            errors.add(at + ".taints", "at most " + MAX_LABELS + " taints");
            ts = List.of();
        }
        for (int i = 0; i < ts.size(); i++) {
            ClusterSpec.Taint t = ts.get(i);
            if (t == null) {
                errors.add(at + ".taints[" + i + "]", "is empty");
                continue;
            }
            String problem = labelKeyProblem(t.key());
            if (problem != null) {
                errors.add(at + ".taints[" + i + "].key", problem);
            }
            if (labelValueProblem(t.value()) != null) {
                errors.add(at + ".taints[" + i + "].value", labelValueProblem(t.value()));
            }
            if (t.effect() == null || !TAINT_EFFECTS.contains(t.effect())) {
                errors.add(at + ".taints[" + i + "].effect", "must be NoSchedule, PreferNoSchedule or NoExecute");
            }
        }
        if (blank(instanceType)) {
            errors.add(at + ".instanceType", "is required");
        } else {
            errors.line(at + ".instanceType", instanceType, MAX_CLOUD_NAME);
        }
        if (zones == null || zones.isEmpty()) {
            errors.add(at + ".availabilityZones", "choose at least one availability zone");
        } else if (errors.maxItems(at + ".availabilityZones", zones, MAX_ZONES)) {
            boolean named = true;
            for (int i = 0; i < zones.size(); i++) {
                if (blank(zones.get(i))) {
                    errors.add(at + ".availabilityZones[" + i + "]", "is empty");
                    named = false;
                } else if (!errors.line(at + ".availabilityZones[" + i + "]", zones.get(i), MAX_CLOUD_NAME)) {
                    named = false;
                }
            }
            if (named && new HashSet<>(zones).size() != zones.size()) {
                errors.add(at + ".availabilityZones", "lists a zone twice");
            }
        }
        if (diskGiB == null || diskGiB < MIN_DISK_GIB || diskGiB > MAX_DISK_GIB) {
            errors.add(at + ".diskGiB", "must be between " + MIN_DISK_GIB + " and " + MAX_DISK_GIB + " GiB");
        }
    }

    private static void policies(ClusterSpec.Policies p, Errors errors) {
        if (p == null) {
            return;
        }
        cron(errors, "policies.scanSchedule", p.scanSchedule());
        if (Boolean.TRUE.equals(p.rebootIfRequired()) && !Boolean.TRUE.equals(p.osPatchOnBoot())) {
            errors.add("policies.rebootIfRequired", "only applies when OS patch on boot is on");
        }
        if (p.backup() != null) {
            cron(errors, "policies.backup.schedule", p.backup().schedule());
            boolean scheduled = !blank(p.backup().schedule());
            Integer days = p.backup().retentionDays();
            if (scheduled && (days == null || days < 1 || days > 3650)) {
                errors.add("policies.backup.retentionDays", "must be between 1 and 3650 days when backups are scheduled");
            }
        }
    }

    private static final String[] CRON_FIELDS = {"minute", "hour", "day of month", "month", "weekday"};
    private static final String[] CRON_RANGES = {"0–59", "0–23", "1–31", "1–12 or JAN–DEC", "0–7 or SUN–SAT (0 and 7 are Sunday)"};

    /**
     * A five-field cron schedule. Spring parses six fields (seconds first), so its messages quote a form the user
     * never wrote; a refusal is told again per field in the user's own five-field terms.
     */
    private static void cron(Errors errors, String field, String expression) {
        if (blank(expression) || !errors.line(field, expression, MAX_CRON)) {
            return;
        }
        String given = expression.strip();
        String[] parts = given.split("\\s+");
        if (parts.length != 5) {
            errors.add(field, "must be a cron expression of 5 fields (minute hour day month weekday), e.g. 0 2 * * *");
            return;
        }
        if (parses(parts)) {
            return;
        }
        for (int i = 0; i < parts.length; i++) {
            String[] probe = {"*", "*", "*", "*", "*"};
            probe[i] = parts[i];
            if (!parses(probe)) {
                errors.add(field, CRON_FIELDS[i] + " must be " + CRON_RANGES[i] + " in '" + given + "' ('" + parts[i]
                        + "' is not)");
                return;
            }
        }
        errors.add(field, "'" + given + "' is not a valid schedule (minute hour day-of-month month weekday, e.g. 0 2 * * *)");
    }

    private static boolean parses(String[] fiveFields) {
        try {
            CronExpression.parse("0 " + String.join(" ", fiveFields));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Why a Kubernetes label (or taint) key is invalid, or null when it is fine. */
    public static String labelKeyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return "a label key is required";
        }
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return "the prefix '" + prefix + "' of key '" + key + "' must be a DNS subdomain like example.com";
            }
        }
        if (!LABEL_NAME.matcher(name).matches()) {
            return "key '" + key + "': the name must be 1-63 characters, letters or digits at both ends, '-', '_' or '.' inside";
        }
        return null;
    }

    /** Why a Kubernetes label value is invalid, or null when it is fine (empty is allowed). */
    public static String labelValueProblem(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return LABEL_NAME.matcher(value).matches() ? null
                : "value '" + value + "' must be at most 63 characters, letters or digits at both ends, '-', '_' or '.' inside";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
