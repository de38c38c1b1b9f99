package org.stackport.profile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.stackport.profile.internal.Profile;
import org.stackport.profile.internal.ProfileRepository;
import org.stackport.profile.internal.ProfileVersion;
import org.stackport.profile.internal.ProfileVersionRepository;
import org.stackport.security.StackportPrincipal;
import org.stackport.shared.ConflictException;
import org.stackport.shared.Errors;
import org.stackport.shared.NotFoundException;
import org.stackport.tenancy.AuditLog;
import org.stackport.tenancy.ProjectAccess;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster profiles of the tenant: every signed-in user reads them; tenant admins make and change them (api.md). Each change is a new immutable version; clusters record the version they were built from.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class ClusterProfileService {

    public static final String FIRST_VERSION = "1.0.0";
    private static final String CLOUD_TYPE = "openstack";
    private static final String TYPE = "infrastructure";
    private static final Comparator<String> NUMERIC = Comparator.comparing(ClusterProfileService::numbers,
            Arrays::compare);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    public static final int MAX_DESCRIPTION = 1000;
    /** Packs of one profile: one per core layer and the add-ons (the catalog has far fewer). */
    public static final int MAX_PACKS = 30;
    /**
     * All packs' values together. A version keeps its packs as JSON in a 200,000-character column (V6), where line
     * breaks and quotes take two characters each: half of it for the text.
     */
    public static final int MAX_VALUES_LENGTH = 100_000;
    static final int MAX_STORED = 200_000;
    private static final TypeReference<List<ProfilePack>> PACKS = new TypeReference<>() {
    };

    private final ProfileRepository profiles;
    private final ProfileVersionRepository versions;
    private final PackCatalog catalog;
    private final ProjectAccess access;
    private final AuditLog audit;
    private final Clock clock;
    private final ObjectProvider<ProfileUsage> usage;

    ClusterProfileService(ProfileRepository profiles, ProfileVersionRepository versions, PackCatalog catalog,
                          ProjectAccess access, AuditLog audit, Clock clock, ObjectProvider<ProfileUsage> usage) {
        this.profiles = profiles;
        this.versions = versions;
        this.catalog = catalog;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.usage = usage;
    }

    public List<Pack> packs() {
        access.caller();
        return catalog.all();
    }

    @Transactional(readOnly = true)
    public List<ProfileSummary> list() {
        StackportPrincipal me = access.caller();
        return profiles.inTenant(me.tenantId()).stream().map(p -> {
            ProfileVersion v = versions.findByProfileIdAndVersion(p.id(), p.latestVersion()).orElseThrow();
            List<ProfilePack> packs = packsOf(v);
            return new ProfileSummary(p.name(), p.latestVersion(), p.description(), CLOUD_TYPE, TYPE, packs, layers(packs),
                    p.updatedAt());
        }).toList();
    }

    /** Every version of a profile, newest first; each stays readable with {@link #get}. */
    @Transactional(readOnly = true)
    public List<ProfileVersionInfo> versions(String name) {
        Profile p = find(name);
        return versions.newestFirst(p.id()).stream().map(v -> new ProfileVersionInfo(v.version(), v.description(),
                layers(packsOf(v)), v.createdBy(), v.createdAt(), v.version().equals(p.latestVersion()))).toList();
    }

    /** The latest version, or the named one. */
    @Transactional(readOnly = true)
    public ProfileView get(String name, String version) {
        Profile p = find(name);
        ProfileVersion v = version(p, version);
        return new ProfileView(p.name(), v.version(), v.description(), CLOUD_TYPE, TYPE, packsOf(v),
                versions.newestFirst(p.id()).stream().map(ProfileVersion::version).toList(), v.createdBy(), v.createdAt());
    }

    public ProfileView create(ProfileCommand cmd) {
        return audit.run("profile.create", "cluster-profile/" + cmd.name(), () -> {
            StackportPrincipal me = requireAuthor();
            Errors errors = new Errors();
            if (errors.name("name", cmd.name()) && profiles.findByTenantIdAndName(me.tenantId(), cmd.name()).isPresent()) {
                errors.taken("name", "a cluster profile named '" + cmd.name() + "' already exists");
            }
            String version = blank(cmd.version()) ? FIRST_VERSION : cmd.version().strip();
            List<ProfilePack> packs = check(cmd, version, errors);
            errors.throwIfAny();
            String stored = stored(packs);
            Instant now = clock.instant();
            Profile saved = profiles.save(new Profile(null, me.tenantId(), cmd.name(), blankToNull(cmd.description()), version,
                    now, now, null));
            versions.save(new ProfileVersion(null, saved.id(), version, blankToNull(cmd.description()), stored,
                    me.username(), now));
            return get(cmd.name(), version);
        });
    }

    /** Makes a new version; the earlier ones stay as they were. */
    public ProfileView update(String name, ProfileCommand cmd) {
        return audit.run("profile.update", "cluster-profile/" + name, () -> {
            StackportPrincipal me = requireAuthor();
            Profile p = find(name);
            Errors errors = new Errors();
            if (!blank(cmd.name()) && !cmd.name().strip().equals(name)) {
                errors.add("name", "is '" + cmd.name() + "' but the profile is '" + name + "'; a profile cannot be renamed");
            }
            // a blank version follows the highest one, so it never meets one that someone gave by hand
            List<String> existing = versions.newestFirst(p.id()).stream().map(ProfileVersion::version).toList();
            String version = blank(cmd.version()) ? bump(existing.stream().max(NUMERIC).orElse(p.latestVersion()))
                    : cmd.version().strip();
            if (existing.contains(version)) {
                errors.add("version", "version " + version + " of '" + name + "' exists; versions never change, give a new one");
            }
            List<ProfilePack> packs = check(cmd, version, errors);
            errors.throwIfAny();
            String stored = stored(packs);
            Instant now = clock.instant();
            String description = cmd.description() == null ? p.description() : blankToNull(cmd.description());
            profiles.save(new Profile(p.id(), p.tenantId(), p.name(), description, version, p.createdAt(), now, p.version()));
            versions.save(new ProfileVersion(null, p.id(), version, description, stored, me.username(), now));
            return get(name, version);
        });
    }

    /** Refused (409) while any cluster that is not Deleted was built from it. */
    public void delete(String name) {
        audit.run("profile.delete", "cluster-profile/" + name, () -> {
            StackportPrincipal me = requireAuthor();
            Profile p = find(name);
            List<String> users = usage.orderedStream().flatMap(u -> u.clustersUsing(me.tenantId(), name).stream()).toList();
            if (!users.isEmpty()) {
                throw new ConflictException("Cluster profile '" + name + "' is used by cluster(s) " + String.join(", ", users)
                        + "; delete them first.");
            }
            profiles.delete(p);
        });
    }

    /** A version (null: the latest) as a cluster would get it, without overrides. */
    @Transactional(readOnly = true)
    public ResolvedProfile resolve(String name, String version) {
        return resolveWithOverrides(name, version, Map.of());
    }

    /**
     * A version (null: the latest) with a cluster's per-pack overrides deep-merged over the profile's values and
     * checked like them; problems are on {@code packOverrides.<pack>}.
     */
    @Transactional(readOnly = true)
    public ResolvedProfile resolveWithOverrides(String name, String version, Map<String, String> packOverrides) {
        Profile p = find(name);
        ProfileVersion v = version(p, version);
        List<ProfilePack> packs = packsOf(v);
        Errors errors = new Errors();
        Map<String, String> overrides = packOverrides == null ? Map.of() : packOverrides;
        Set<String> names = new LinkedHashSet<>(packs.stream().map(ProfilePack::name).toList());
        overrides.keySet().stream().filter(k -> !names.contains(k)).forEach(k -> errors.add("packOverrides." + k,
                "profile " + name + " " + v.version() + " has no pack '" + k + "'; it has " + String.join(", ", names)));
        List<ResolvedProfile.ResolvedPack> resolved = new ArrayList<>();
        Map<String, Map<String, Object>> byLayer = new LinkedHashMap<>();
        for (ProfilePack pack : packs) {
            Map<String, Object> values = PackValues.parse(pack.values(), "profile", new Errors());
            String text = pack.values();
            String override = overrides.get(pack.name());
            if (override != null && values != null) {
                String field = "packOverrides." + pack.name();
                Map<String, Object> over = PackValues.parse(override, field, errors);
                if (over != null) {
                    values = PackValues.merge(values, over);
                    PackValues.check(pack.layer(), pack.name(), pack.version(), values, override, field, errors);
                    text = PackValues.dump(values);
                }
            }
            byLayer.putIfAbsent(pack.layer(), values == null ? Map.of() : values);
            resolved.add(new ResolvedProfile.ResolvedPack(pack.layer(), pack.name(), pack.version(), text));
        }
        errors.throwIfAny();
        Map<String, Object> k8s = byLayer.getOrDefault("k8s", Map.of());
        Map<String, Object> os = byLayer.getOrDefault("os", Map.of());
        String cni = packs.stream().filter(x -> x.layer().equals("cni")).map(ProfilePack::name).findFirst().orElse(null);
        return new ResolvedProfile(p.name(), v.version(), resolved, str(k8s.get("kubernetesVersion")), str(k8s.get("podCidr")),
                str(k8s.get("serviceCidr")), str(os.get("image")), cni);
    }

    // ---- rules

    /** The packs as a version keeps them; refused on {@code packs} rather than left for the database to refuse. */
    private static String stored(List<ProfilePack> packs) {
        String json = JSON.writeValueAsString(packs);
        if (json.length() > MAX_STORED) {
            throw org.stackport.shared.ValidationException.of("packs", "the packs come to " + json.length()
                    + " characters as stored (line breaks and quotes count twice); at most " + MAX_STORED);
        }
        return json;
    }

    private List<ProfilePack> check(ProfileCommand cmd, String version, Errors errors) {
        errors.text("description", cmd.description(), MAX_DESCRIPTION);
        if (cmd.cloudType() != null && !"openstack".equals(cmd.cloudType())) {
            errors.add("cloudType", "must be 'openstack'");
        }
        if (cmd.type() != null && !"infrastructure".equals(cmd.type())) {
            errors.add("type", "must be 'infrastructure'");
        }
        if (!version.matches("^\\d{1,4}\\.\\d{1,4}\\.\\d{1,4}$")) {
            errors.add("version", "must look like 1.0.0");
        }
        List<ProfilePack> packs = cmd.packs() == null ? List.of() : cmd.packs();
        if (!errors.maxItems("packs", packs, MAX_PACKS)) {
            return List.of();
        }
        long total = packs.stream().filter(x -> x != null && x.values() != null).mapToLong(x -> x.values().length()).sum();
        if (total > MAX_VALUES_LENGTH) {
            errors.add("packs", "their values come to " + total + " characters in all; at most " + MAX_VALUES_LENGTH);
            return List.of();
        }
        Map<String, Integer> seenLayer = new LinkedHashMap<>();
        Set<String> seenNames = new HashSet<>();
        for (int i = 0; i < packs.size(); i++) {
            ProfilePack pack = packs.get(i);
            String at = "packs[" + i + "]";
            if (pack == null) {
                errors.add(at, "is empty; give its layer, name, version and values");
                continue;
            }
            if (!errors.line(at + ".name", pack.name(), 100) || !errors.line(at + ".version", pack.version(), 40)) {
                continue;
            }
            if (pack.layer() == null || !PackCatalog.LAYERS.contains(pack.layer())) {
                errors.add(at + ".layer", "must be one of " + String.join(", ", PackCatalog.LAYERS));
                continue;
            }
            if (!"addon".equals(pack.layer()) && seenLayer.containsKey(pack.layer())) {
                errors.add(at + ".layer", "a profile has one " + pack.layer() + " pack; packs[" + seenLayer.get(pack.layer())
                        + "] is one already");
            }
            seenLayer.putIfAbsent(pack.layer(), i);
            Optional<Pack> found = pack.name() == null ? Optional.empty() : catalog.find(pack.name());
            if (found.isEmpty()) {
                errors.add(at + ".name", "no pack '" + pack.name() + "' in the catalog; " + pack.layer() + " packs: "
                        + String.join(", ", catalog.inLayer(pack.layer()).stream().map(Pack::name).toList()));
                continue;
            }
            if (!found.get().layer().equals(pack.layer())) {
                errors.add(at + ".name", pack.name() + " is a " + found.get().layer() + " pack, not " + pack.layer());
                continue;
            }
            if (!seenNames.add(pack.name())) {
                errors.add(at + ".name", "pack " + pack.name() + " is in the profile twice");
            }
            if (pack.version() == null || !found.get().versions().contains(pack.version())) {
                errors.add(at + ".version", pack.name() + " has versions " + String.join(", ", found.get().versions()));
                continue;
            }
            Map<String, Object> values = PackValues.parse(pack.values(), at + ".values", errors);
            if (values != null) {
                PackValues.check(pack.layer(), pack.name(), pack.version(), values, pack.values(), at + ".values", errors);
            }
        }
        for (String layer : PackCatalog.CORE_LAYERS) {
            if (!seenLayer.containsKey(layer)) {
                errors.add("packs", "needs " + ("os".equals(layer) ? "an " : "a ") + layer + " pack (" + String.join(", ",
                        catalog.inLayer(layer).stream().map(Pack::name).toList()) + ")");
            }
        }
        List<ProfilePack> ordered = new ArrayList<>();
        for (String layer : PackCatalog.LAYERS) {
            packs.stream().filter(p -> p != null && layer.equals(p.layer()))
                    .map(p -> new ProfilePack(p.layer(), p.name(), p.version(), p.values() == null ? "" : p.values()))
                    .forEach(ordered::add);
        }
        return ordered;
    }

    /** Whether the caller may make and change profiles (for the console's buttons; the methods check anyway). */
    public boolean canAuthor() {
        try {
            requireAuthor();
            return true;
        } catch (AccessDeniedException e) {
            return false;
        }
    }

    /** api.md's roles: tenant admins make and change profiles; project admins and viewers read them. */
    private StackportPrincipal requireAuthor() {
        StackportPrincipal me = access.caller();
        if (!me.tenantAdmin()) {
            throw new AccessDeniedException("Only tenant admins may change cluster profiles; project admins and viewers read them.");
        }
        return me;
    }

    private Profile find(String name) {
        StackportPrincipal me = access.caller();
        return profiles.findByTenantIdAndName(me.tenantId(), name)
                .orElseThrow(() -> new NotFoundException("Cluster profile '" + name + "' not found."));
    }

    private ProfileVersion version(Profile p, String version) {
        String wanted = blank(version) ? p.latestVersion() : version.strip();
        return versions.findByProfileIdAndVersion(p.id(), wanted)
                .orElseThrow(() -> new NotFoundException("Cluster profile '" + p.name() + "' has no version " + wanted + "."));
    }

    private static List<ProfilePack> packsOf(ProfileVersion v) {
        return JSON.readValue(v.packs(), PACKS);
    }

    static String bump(String version) {
        String[] parts = version.split("\\.");
        parts[parts.length - 1] = Integer.toString(Integer.parseInt(parts[parts.length - 1]) + 1);
        return String.join(".", parts);
    }

    private static int[] numbers(String version) {
        return Arrays.stream(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    private static String layers(List<ProfilePack> packs) {
        return String.join(" · ", packs.stream().map(x -> x.name() + " " + x.version()).toList());
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return blank(s) ? null : s.strip();
    }
}
