package org.stackport.gateway;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.stackport.account.CloudAccountCommand;
import org.stackport.account.CloudAccountService;
import org.stackport.gateway.internal.Gateway;
import org.stackport.gateway.internal.GatewayEventRepository;
import org.stackport.gateway.internal.GatewayNodeRepository;
import org.stackport.gateway.internal.GatewayRepository;
import org.stackport.tunnel.GatewayAgent;
import org.stackport.security.SecretCipher;
import org.stackport.account.Inventory;
import tools.jackson.core.type.TypeReference;
import org.stackport.security.StackportPrincipal;
import org.stackport.shared.Cidrs;
import org.stackport.shared.ConflictException;
import org.stackport.shared.Errors;
import org.stackport.shared.FieldError;
import org.stackport.shared.NotFoundException;
import org.stackport.shared.ValidationException;
import org.stackport.tenancy.AuditLog;
import org.stackport.tenancy.ProjectAccess;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Private cloud gateways (tenant admins only). Registration checks the credentials against Keystone, creates
 * the cloud account of the same name and starts the health checks; the gateway is {@code Installing} until
 * the first check succeeds.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class GatewayService {

    public static final String INSTALLING = "Installing";
    public static final String RUNNING = "Running";
    public static final String UNHEALTHY = "Unhealthy";
    public static final String UPGRADING = "Upgrading";
    /** The gateway software this Stackport ships: the version new gateways get and upgrades bring. */
    public static final String SOFTWARE_VERSION = "1.0.0";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /*
     * Limits of the install choices. They are kept together as JSON in gateway.settings (V4, 20,000 characters):
     * at their limits (a 4,096-character SSH key, two 500-character proxy URLs with their encrypted copies, a
     * 512-character CA path, 100 no-proxy entries of 4,000 characters in all, 255-character names) they come to
     * about 19,000 even where JSON doubles quotes.
     */
    public static final int MAX_SSH_KEY = 4096;
    public static final int MAX_PROXY_URL = 500;
    public static final int MAX_NO_PROXY = 100;
    public static final int MAX_NO_PROXY_ENTRY = 253;
    public static final int MAX_NO_PROXY_LENGTH = 4000;
    public static final int MAX_CA_PATH = 512;
    public static final int MAX_CLOUD_NAME = 255;
    public static final int MAX_CIDR = 43;
    private static final String MASK = "********";
    /** A no-proxy entry: a host, domain (.example.com, *.example.com), IPv4/IPv6 address or CIDR; nothing a shell or list splits on. */
    private static final java.util.regex.Pattern NO_PROXY_ENTRY = java.util.regex.Pattern.compile("^[A-Za-z0-9.*:/\\[\\]_-]+$");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    /** Account field → gateway registration field, so Keystone's refusal lands on the field the user typed. */
    private static final Map<String, String> ACCOUNT_FIELDS = Map.of("name", "name", "username", "openstack.username",
            "password", "openstack.password", "identityEndpoint", "openstack.identityEndpoint",
            "caCertificate", "openstack.caCertificate", "parentRegion", "openstack.region",
            "defaultDomain", "openstack.domain", "defaultProject", "openstack.project");

    private final GatewayRepository gateways;
    private final CloudAccountService accounts;
    private final GatewayHealth health;
    private final ProjectAccess access;
    private final AuditLog audit;
    private final Clock clock;
    private final GatewayEvents events;
    private final GatewayEventRepository eventRepository;
    private final SecretCipher cipher;
    private final GatewayNodeRepository nodeRepository;
    private final GatewayTunnels tunnels;
    private GatewayInstaller installer;

    @org.springframework.beans.factory.annotation.Autowired
    void setInstaller(GatewayInstaller installer) {
        this.installer = installer;
    }

    GatewayService(GatewayRepository gateways, CloudAccountService accounts, GatewayHealth health, ProjectAccess access,
                   AuditLog audit, Clock clock, GatewayEvents events, GatewayEventRepository eventRepository,
                   SecretCipher cipher, GatewayNodeRepository nodeRepository, GatewayTunnels tunnels) {
        this.nodeRepository = nodeRepository;
        this.tunnels = tunnels;
        this.events = events;
        this.eventRepository = eventRepository;
        this.cipher = cipher;
        this.gateways = gateways;
        this.accounts = accounts;
        this.health = health;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<GatewayView> list() {
        StackportPrincipal me = access.requireTenantAdmin();
        return gateways.inTenant(me.tenantId()).stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public GatewayView get(String name) {
        return view(find(name));
    }

    /** A gateway's page: its state, its non-secret install choices and its newest events. */
    @Transactional(readOnly = true)
    public GatewayDetails details(String name) {
        Gateway g = find(name);
        return new GatewayDetails(view(g), JSON.readValue(g.settings(), MAP),
                eventRepository.newestFirst(g.id(), 200).stream()
                        .map(e -> new GatewayEventView(e.at(), e.severity(), e.message())).toList());
    }

    /**
     * The wizard's credentials step: checks the OpenStack fields against Keystone without storing anything and
     * returns what the cloud offers for the next steps (networks, subnets, availability zones).
     */
    public Inventory probe(GatewayRegistration.OpenStack os) {
        access.requireTenantAdmin();
        if (os == null) {
            new Errors().add("openstack", "is required").throwIfAny();
        }
        try {
            return accounts.probe(accountCommand("probe", null, os, true));
        } catch (ValidationException e) {
            throw remap(e, "probe", "probe");
        }
    }

    /** The credentials step of "Edit and redeploy": like {@link #probe}, with the stored password and CA when left blank. */
    public Inventory probeStored(String name, GatewayRegistration.OpenStack os) {
        Gateway g = find(name);
        var stored = accounts.credentialsOf(g.cloudAccount());
        passwordStaysWithItsEndpoint(os, stored);
        return probe(new GatewayRegistration.OpenStack(os.identityEndpoint(), os.username(),
                os.password() == null || os.password().isEmpty() ? stored.password() : os.password(), os.insecure(),
                os.caCertificate() == null || os.caCertificate().isBlank() ? stored.caCertificate() : os.caCertificate(),
                os.domain(), os.region(), os.project(), os.placement(), os.sshPublicKey(), os.availabilityZone(),
                os.patchOsOnBoot(), os.rebootAfterPatch()));
    }

    public GatewayView register(GatewayRegistration r) {
        return audit.run("gateway.register", "gateway/" + r.name(), () -> {
            StackportPrincipal me = access.requireTenantAdmin();
            Errors errors = new Errors();
            if (errors.name("name", r.name()) && gateways.existsByTenantIdAndName(me.tenantId(), r.name())) {
                errors.taken("name", "a gateway named '" + r.name() + "' already exists");
            }
            String account = r.cloudAccount() == null || r.cloudAccount().isBlank() ? r.name() : r.cloudAccount();
            if (r.cloudAccount() != null && !r.cloudAccount().isBlank()) {
                errors.name("cloudAccount", r.cloudAccount());
            }
            check(r, errors);
            errors.throwIfAny();
            GatewayRegistration.OpenStack os = r.openstack();
            boolean shared = !Boolean.FALSE.equals(r.shareAcrossProjects());
            Inventory cloud;
            try {
                cloud = accounts.probe(accountCommand(account, r.name(), os, shared));
            } catch (ValidationException e) {
                throw remap(e, account, r.name());
            }
            checkPlacement(os, cloud);
            Instant now = clock.instant();
            boolean agent = Gateway.AGENT.equals(modeOf(r));
            String token = agent ? newToken() : null;
            String settings = agent ? withSealedToken(settings(r), cipher.encrypt(token)) : settings(r);
            Gateway saved = gateways.save(new Gateway(null, me.tenantId(), r.name(), "openstack", INSTALLING,
                    agent ? WAITING_FOR_AGENT : "waiting for the first health check", r.size(),
                    agent ? GatewayAgent.VERSION : SOFTWARE_VERSION, shared, account, settings, null, 0, now, now,
                    null, null, agent ? Gateway.AGENT : Gateway.DIRECT, agent ? AgentEndpoint.hash(token) : null,
                    agent ? java.util.UUID.randomUUID().toString() : null, null));
            try {
                accounts.create(accountCommand(account, r.name(), os, shared));
            } catch (ValidationException e) {
                throw remap(e, account, r.name());
            }
            events.record(saved.id(), GatewayEvents.INFO, "Registered by " + me.username() + ": Keystone at "
                    + os.identityEndpoint().strip() + " accepted " + os.username().strip() + " (project "
                    + os.project().strip() + ", region " + os.region().strip() + "); cloud account '" + account
                    + "' created" + (shared ? ", shared with all projects" : ", for tenant admins only") + "."
                    + (agent ? " Its agents connect with the token shown at registration." : ""));
            health.schedule(saved.id());
            if (agent) {
                installer.wake(saved.id());
            }
            return agent ? view(saved).withToken(token) : view(saved);
        });
    }

    /**
     * Replaces an agent gateway's token: the old one stops working at once (its agents are disconnected) and the
     * new one is shown this once.
     */
    public GatewayView rotateToken(String name) {
        return audit.run("gateway.token.rotate", "gateway/" + name, () -> {
            Gateway g = find(name);
            if (!g.agent()) {
                throw new ConflictException("Gateway '" + name + "' is direct: the console reaches its cloud itself and no "
                        + "agent connects to it.");
            }
            String token = newToken();
            Gateway saved = gateways.save(g.withTokenHash(AgentEndpoint.hash(token), clock.instant())
                    .withSettings(withSealedToken(g.settings(), cipher.encrypt(token))));
            tunnels.disconnectAll(g.id(), "the gateway's token was replaced");
            events.record(g.id(), GatewayEvents.WARNING, "Agent token replaced by " + access.caller().username()
                    + "; agents with the old token were disconnected.");
            return view(saved).withToken(token);
        });
    }

    static final String WAITING_FOR_AGENT = "waiting for a gateway agent to connect";
    /** Settings key of the agents' token, encrypted (never shown: *Secret keys are masked). */
    static final String SEALED_TOKEN = "agentTokenSecret";

    /**
     * Only the token's hash authenticates agents; the installer needs the token itself for the nodes' user data, so
     * it is kept encrypted with the settings.
     */
    private static String withSealedToken(String settings, String sealedToken) {
        ObjectNode s = (ObjectNode) JSON.readTree(settings);
        s.put(SEALED_TOKEN, sealedToken);
        return JSON.writeValueAsString(s);
    }

    private static String modeOf(GatewayRegistration r) {
        return r.mode() == null || r.mode().isBlank() ? Gateway.AGENT : r.mode().strip();
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return "spgw_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The seed's "Edit and Redeploy": new install values for an existing gateway, checked like a registration.
     * A blank password or CA certificate keeps the stored one, a masked proxy URL keeps its stored password. The
     * cloud account follows; the gateway is {@code Installing} until its next good health check.
     */
    public GatewayView redeploy(String name, GatewayRegistration r) {
        return audit.run("gateway.redeploy", "gateway/" + name, () -> {
            StackportPrincipal me = access.requireTenantAdmin();
            Gateway g = find(name);
            Errors errors = new Errors();
            if (r.name() != null && !r.name().isBlank() && !r.name().equals(name)) {
                errors.add("name", "a gateway keeps its name; register a new gateway for another name");
            }
            check(r, errors);
            if (r.size() != null && r.size() == 1 && g.size() == 3) {
                errors.add("size", "a gateway cannot shrink from 3 nodes to 1");
            }
            errors.throwIfAny();
            var stored = accounts.credentialsOf(g.cloudAccount());
            GatewayRegistration.OpenStack given = r.openstack();
            passwordStaysWithItsEndpoint(given, stored);
            GatewayRegistration.OpenStack os = new GatewayRegistration.OpenStack(given.identityEndpoint(), given.username(),
                    given.password() == null || given.password().isEmpty() ? stored.password() : given.password(),
                    given.insecure(), given.caCertificate() == null || given.caCertificate().isBlank()
                    ? stored.caCertificate() : given.caCertificate(), given.domain(), given.region(), given.project(),
                    given.placement(), given.sshPublicKey(), given.availabilityZone(), given.patchOsOnBoot(),
                    given.rebootAfterPatch());
            boolean shared = r.shareAcrossProjects() == null ? g.shareAcrossProjects() : r.shareAcrossProjects();
            Inventory cloud;
            try {
                cloud = accounts.probe(accountCommand(g.cloudAccount(), name, os, shared));
            } catch (ValidationException e) {
                throw remap(e, g.cloudAccount(), name);
            }
            checkPlacement(os, cloud);
            try {
                accounts.update(g.cloudAccount(), accountCommand(g.cloudAccount(), name, os, shared));
            } catch (ValidationException e) {
                throw remap(e, g.cloudAccount(), name);
            }
            GatewayRegistration.Proxy proxy = r.proxy() == null ? null : new GatewayRegistration.Proxy(
                    unmask(r.proxy().https(), g.settings(), "https"), unmask(r.proxy().http(), g.settings(), "http"),
                    r.proxy().noProxy(), r.proxy().caCertificatePath());
            String settings = settings(new GatewayRegistration(name, "openstack", r.size(), shared, os, proxy, r.podCidr(),
                    r.serviceCidr(), g.cloudAccount()));
            var sealed = JSON.readTree(g.settings()).path(SEALED_TOKEN);
            if (!sealed.isMissingNode()) {
                settings = withSealedToken(settings, sealed.asString());
            }
            List<String> changed = changes(g.settings(), settings);
            if (g.size() != r.size()) {
                changed.add("size " + g.size() + " → " + r.size());
            }
            if (g.shareAcrossProjects() != shared) {
                changed.add(shared ? "account shared with all projects" : "account for tenant admins only");
            }
            Gateway fresh = gateways.findById(g.id()).orElseThrow(() -> new NotFoundException("Gateway '" + name + "' not found."));
            Gateway saved;
            if (fresh.agent() && fresh.uid() != null && !tunnels.linksOf(fresh.id()).isEmpty()) {
                // the nodes carry their settings in their user data: each is replaced, one at a time, as in an upgrade
                ObjectNode rolled = (ObjectNode) JSON.readTree(settings);
                rolled.put("rollAt", clock.instant().toString());
                saved = gateways.save(fresh.rolling(JSON.writeValueAsString(rolled), r.size(), shared,
                        GatewayAgent.VERSION, clock.instant()));
            } else {
                saved = gateways.save(fresh.redeployed(settings, r.size(), shared, clock.instant()));
            }
            events.record(g.id(), GatewayEvents.INFO, "Redeployed by " + me.username() + (changed.isEmpty()
                    ? " with the same settings" : "; changed: " + String.join(", ", changed))
                    + (UPGRADING.equals(saved.status()) ? "; its nodes are replaced one at a time" : "") + ".");
            if (saved.agent()) {
                installer.wake(saved.id());
            }
            return view(saved);
        });
    }

    /** A blank password means "the stored one", which is only ever sent where it was given for. */
    private static void passwordStaysWithItsEndpoint(GatewayRegistration.OpenStack given,
                                                     org.stackport.openstack.CloudCredentials stored) {
        boolean keep = given.password() == null || given.password().isEmpty();
        if (keep && (!CloudAccountService.sameEndpoint(given.identityEndpoint(), stored.identityEndpoint())
                || given.username() == null || !given.username().strip().equals(stored.username())
                || Boolean.TRUE.equals(given.insecure()) != stored.insecure())) {
            new Errors().add("openstack.password", "enter the password again: the stored one is only sent to the endpoint "
                    + "and user it was given for, with the same TLS checks").throwIfAny();
        }
    }

    /**
     * The gateway's install values as a registration, for editing: no password and no CA certificate (blank keeps
     * the stored ones), proxy passwords masked.
     */
    @Transactional(readOnly = true)
    public GatewayRegistration current(String name) {
        Gateway g = find(name);
        var account = accounts.get(g.cloudAccount());
        var s = JSON.readTree(g.settings());
        var p = s.path("placement");
        List<String> dns = new ArrayList<>();
        p.path("dnsServers").forEach(d -> dns.add(d.asString()));
        List<String> noProxy = new ArrayList<>();
        s.path("proxy").path("noProxy").forEach(d -> noProxy.add(d.asString()));
        return new GatewayRegistration(g.name(), g.cloudType(), g.size(), g.shareAcrossProjects(),
                new GatewayRegistration.OpenStack(account.identityEndpoint(), account.username(), null, account.insecure(), null,
                        account.defaultDomain(), account.parentRegion(), account.defaultProject(),
                        new GatewayRegistration.Placement(text(p, "type"), text(p, "network"), text(p, "subnet"), dns,
                                text(p, "nodeCidr")),
                        text(s, "sshPublicKey"), text(s, "availabilityZone"), s.path("patchOsOnBoot").asBoolean(false),
                        s.path("rebootAfterPatch").asBoolean(false)),
                s.has("proxy") ? new GatewayRegistration.Proxy(text(s.path("proxy"), "https"), text(s.path("proxy"), "http"),
                        noProxy, text(s.path("proxy"), "caCertificatePath")) : null,
                text(s, "podCidr"), text(s, "serviceCidr"), g.cloudAccount(), g.mode());
    }

    private static String text(tools.jackson.databind.JsonNode node, String field) {
        var v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asString();
    }

    /** A proxy URL sent back as shown (password masked) means: keep the stored one. */
    private String unmask(String value, String oldSettings, String which) {
        if (value == null || !value.contains(MASK + "@")) {
            return value;
        }
        var proxy = JSON.readTree(oldSettings).path("proxy");
        if (value.strip().equals(proxy.path(which).asString("")) && proxy.has(which + "Secret")) {
            return cipher.decrypt(proxy.path(which + "Secret").asString());
        }
        new Errors().add("proxy." + which, "enter the proxy password again: the address changed, and the stored password "
                + "is only used for the proxy it was given for").throwIfAny();
        return value;
    }

    /** The install choices that differ, by their dotted names (secrets left out). */
    private static List<String> changes(String before, String after) {
        Map<String, String> a = new java.util.TreeMap<>();
        Map<String, String> b = new java.util.TreeMap<>();
        flatten("", JSON.readTree(before), a);
        flatten("", JSON.readTree(after), b);
        List<String> changed = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            if (!k.endsWith("Secret") && !java.util.Objects.equals(a.get(k), b.get(k))) {
                changed.add(k);
            }
        }
        return changed;
    }

    private static void flatten(String prefix, tools.jackson.databind.JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (var e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (!node.isNull()) {
            out.put(prefix, node.toString());
        }
    }

    private static CloudAccountCommand accountCommand(String account, String gateway, GatewayRegistration.OpenStack os,
                                                      boolean shared) {
        return new CloudAccountCommand(account, gateway, os.username(), os.password(), os.identityEndpoint(),
                os.caCertificate(), os.insecure(), os.region(), os.domain(), os.project(), "tenant", null, shared);
    }

    /** Puts the account's field errors on the registration's fields, so they land where the user typed. */
    private static ValidationException remap(ValidationException e, String account, String gateway) {
        return new ValidationException(e.errors().stream()
                .map(f -> new FieldError(f.field().equals("name") && !account.equals(gateway) ? "cloudAccount"
                        : ACCOUNT_FIELDS.getOrDefault(f.field(), f.field()), f.message())).toList());
    }

    /** Static placement needs a network and a subnet of it that exist; the zone must exist. */
    private static void checkPlacement(GatewayRegistration.OpenStack os, Inventory cloud) {
        Errors errors = new Errors();
        GatewayRegistration.Placement p = os.placement();
        if ("static".equals(p.type())) {
            String network = p.network().strip();
            String subnet = p.subnet().strip();
            if (cloud.network(network).isEmpty()) {
                errors.add("openstack.placement.network", "the cloud has no network '" + network
                        + "' in project " + os.project().strip() + "; it has: "
                        + String.join(", ", cloud.networks().stream().map(Inventory.Network::name).toList()));
            } else if (cloud.subnet(network, subnet).isEmpty()) {
                var subnets = cloud.subnetsOf(network);
                errors.add("openstack.placement.subnet", "network " + network + " has no subnet '" + subnet + "'; it has: "
                        + (subnets.isEmpty() ? "none" : String.join(", ", subnets.stream().map(Inventory.Subnet::name).toList())));
            }
        }
        if (os.availabilityZone() != null && !os.availabilityZone().isBlank()
                && !cloud.availabilityZones().contains(os.availabilityZone().strip())) {
            errors.add("openstack.availabilityZone", "the cloud has no availability zone '" + os.availabilityZone().strip()
                    + "'; it has: " + String.join(", ", cloud.availabilityZones()));
        }
        errors.throwIfAny();
    }

    /**
     * Upgrades a gateway to the software this Stackport ships. It is {@code Upgrading} until its next health
     * check succeeds; cluster requests meanwhile wait for it.
     */
    public GatewayView upgrade(String name, String version) {
        return audit.run("gateway.upgrade", "gateway/" + name, () -> {
            Gateway g = find(name);
            String shipped = g.agent() ? GatewayAgent.VERSION : SOFTWARE_VERSION;
            if (version == null || version.isBlank()) {
                new Errors().add("version", "is required; available: " + shipped).throwIfAny();
            }
            if (!shipped.equals(version.strip())) {
                new Errors().add("version", "no gateway version '" + version.strip() + "'; available: " + shipped)
                        .throwIfAny();
            }
            if (UPGRADING.equals(g.status())) {
                throw new ConflictException("Gateway '" + name + "' is already upgrading to " + g.targetVersion() + ".");
            }
            if (GatewayTunnels.compareVersions(g.softwareVersion(), shipped) >= 0) {
                throw new ConflictException("Gateway '" + name + "' already runs version " + shipped + ".");
            }
            if (g.agent() && (g.uid() == null || !RUNNING.equals(g.status()))) {
                throw new ConflictException("Gateway '" + name + "' can be upgraded once it is Running with the nodes "
                        + "Stackport installed (it is " + g.status() + ").");
            }
            Gateway saved = gateways.save(g.upgrading(shipped, clock.instant()));
            events.record(g.id(), GatewayEvents.INFO, "Upgrade from " + g.softwareVersion() + " to " + shipped
                    + " requested by " + access.caller().username() + (g.agent()
                    ? "; nodes are replaced one at a time" : "") + "; new cluster requests wait until it ends.");
            if (g.agent()) {
                installer.wake(g.id());
            }
            return view(saved);
        });
    }

    /** Runs the health check now, instead of waiting for the next minute. */
    public GatewayView checkNow(String name) {
        Gateway g = find(name);
        health.check(g.id());
        return get(name);
    }

    /** Grows a one-node gateway to three nodes (the only resize the seed offers). */
    public GatewayView resize(String name, Integer size) {
        return audit.run("gateway.resize", "gateway/" + name, () -> {
            Gateway g = find(name);
            if (size == null || size != 3) {
                new Errors().add("size", "can only grow from 1 to 3 nodes").throwIfAny();
            }
            if (g.size() == 3) {
                throw new ConflictException("Gateway '" + name + "' already has 3 nodes.");
            }
            Gateway saved = gateways.save(g.withSize(3, clock.instant()));
            events.record(g.id(), GatewayEvents.INFO, "Resized from 1 to 3 nodes for high availability."
                    + (g.agent() ? " Two more nodes are being installed." : ""));
            if (g.agent()) {
                installer.wake(g.id());
            }
            return view(saved);
        });
    }

    /**
     * Deletes the gateway and its cloud account; refused (409) while any cluster that reaches the cloud through
     * it is not Deleted, naming them.
     */
    public void delete(String name) {
        audit.run("gateway.delete", "gateway/" + name, () -> {
            Gateway g = find(name);
            List<String> users = accounts.clustersUsingGateway(g.tenantId(), g.name(), g.cloudAccount());
            if (!users.isEmpty()) {
                throw new ConflictException("Gateway '" + name + "' is used by cluster(s) " + String.join(", ", users)
                        + " that are not Deleted; delete them first.");
            }
            if (g.agent() && g.uid() != null) {
                // its servers go first (the console reaches the cloud itself for that); then the record and account
                if (!GatewayInstaller.DELETING.equals(g.status())) {
                    gateways.save(g.deleting(access.caller().username(), clock.instant()));
                    events.record(g.id(), GatewayEvents.INFO, "Delete requested by " + access.caller().username()
                            + ": removing the gateway's servers, security group and server group from the cloud.");
                }
                installer.wake(g.id());
                return;
            }
            health.unschedule(g.id());
            tunnels.forget(g.id());
            gateways.delete(g);
            try {
                accounts.delete(g.cloudAccount());
            } catch (NotFoundException gone) {
                // its account was removed before (e.g. by an older version); the gateway goes all the same
            }
        });
    }

    private Gateway find(String name) {
        StackportPrincipal me = access.requireTenantAdmin();
        return gateways.findByTenantIdAndName(me.tenantId(), name)
                .orElseThrow(() -> new NotFoundException("Gateway '" + name + "' not found."));
    }

    private static void check(GatewayRegistration r, Errors errors) {
        if (r.cloudType() != null && !"openstack".equals(r.cloudType())) {
            errors.add("cloudType", "must be 'openstack'");
        }
        if (r.size() == null || (r.size() != 1 && r.size() != 3)) {
            errors.add("size", "must be 1 or 3 nodes");
        }
        if (r.mode() != null && !r.mode().isBlank() && !Gateway.AGENT.equals(r.mode().strip())
                && !Gateway.DIRECT.equals(r.mode().strip())) {
            errors.add("mode", "must be 'agent' (agents in the cloud carry the console's connections) or 'direct'");
        }
        cidr(errors, "podCidr", r.podCidr());
        cidr(errors, "serviceCidr", r.serviceCidr());
        if (Cidrs.valid(r.podCidr()) && Cidrs.valid(r.serviceCidr()) && Cidrs.overlap(r.podCidr(), r.serviceCidr())) {
            errors.add("serviceCidr", "overlaps the pod CIDR " + r.podCidr());
        }
        GatewayRegistration.OpenStack os = r.openstack();
        if (os == null) {
            errors.add("openstack", "is required");
            return;
        }
        GatewayRegistration.Placement p = os.placement();
        if (p == null || p.type() == null) {
            errors.add("openstack.placement.type", "is required: static or dynamic");
        } else if ("static".equals(p.type())) {
            if (p.network() == null || p.network().isBlank()) {
                errors.add("openstack.placement.network", "is required for static placement");
            } else {
                errors.line("openstack.placement.network", p.network(), MAX_CLOUD_NAME);
            }
            if (p.subnet() == null || p.subnet().isBlank()) {
                errors.add("openstack.placement.subnet", "is required for static placement");
            } else {
                errors.line("openstack.placement.subnet", p.subnet(), MAX_CLOUD_NAME);
            }
            // not used by static placement, but kept with the settings: bounded all the same
            errors.nameServers("openstack.placement.dnsServers", p.dnsServers());
            errors.line("openstack.placement.nodeCidr", p.nodeCidr(), MAX_CIDR);
        } else if ("dynamic".equals(p.type())) {
            cidr(errors, "openstack.placement.nodeCidr", p.nodeCidr());
            for (String other : new String[] {r.podCidr(), r.serviceCidr()}) {
                if (Cidrs.valid(p.nodeCidr()) && Cidrs.valid(other) && Cidrs.overlap(p.nodeCidr(), other)
                        && !errors.has("openstack.placement.nodeCidr")) {
                    errors.add("openstack.placement.nodeCidr", "overlaps " + other + "; nodes, pods and services need separate ranges");
                }
            }
            List<String> dns = p.dnsServers() == null ? List.of() : p.dnsServers();
            if (dns.isEmpty()) {
                errors.add("openstack.placement.dnsServers", "needs at least one DNS server for dynamic placement");
            }
            errors.nameServers("openstack.placement.dnsServers", dns);
        } else {
            errors.add("openstack.placement.type", "must be static or dynamic");
        }
        if (Boolean.TRUE.equals(os.rebootAfterPatch()) && !Boolean.TRUE.equals(os.patchOsOnBoot())) {
            errors.add("openstack.rebootAfterPatch", "only applies when patchOsOnBoot is on");
        }
        errors.line("openstack.availabilityZone", os.availabilityZone(), MAX_CLOUD_NAME);
        if (os.sshPublicKey() != null && !os.sshPublicKey().isBlank()
                && errors.line("openstack.sshPublicKey", os.sshPublicKey().strip(), MAX_SSH_KEY)
                && !os.sshPublicKey().strip().matches("^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp\\d+) [A-Za-z0-9+/=]+( .*)?$")) {
            errors.add("openstack.sshPublicKey", "is not an OpenSSH public key (ssh-ed25519 AAAA... or ssh-rsa AAAA...)");
        }
        GatewayRegistration.Proxy proxy = r.proxy();
        if (proxy != null) {
            proxyUrl(errors, "proxy.https", proxy.https());
            proxyUrl(errors, "proxy.http", proxy.http());
            noProxy(errors, proxy.noProxy());
            if (proxy.caCertificatePath() != null && !proxy.caCertificatePath().isBlank()
                    && errors.line("proxy.caCertificatePath", proxy.caCertificatePath(), MAX_CA_PATH)
                    && !proxy.caCertificatePath().strip().startsWith("/")) {
                errors.add("proxy.caCertificatePath", "must be an absolute path on the gateway's hosts, e.g. /usr/local/share/ca-certificates/ca.crt");
            }
            boolean https = proxy.https() != null && !proxy.https().isBlank();
            boolean http = proxy.http() != null && !proxy.http().isBlank();
            if (https != http) {
                errors.add(https ? "proxy.http" : "proxy.https", "is required as well: a proxy needs both the HTTP and the HTTPS setting");
            }
        }
    }

    /** The hosts' NO_PROXY list: a bounded number of plain entries, none of which can break the list or the line. */
    private static void noProxy(Errors errors, List<String> entries) {
        if (entries == null || !errors.maxItems("proxy.noProxy", entries, MAX_NO_PROXY)) {
            return;
        }
        int total = 0;
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String at = "proxy.noProxy[" + i + "]";
            if (entry == null || entry.isBlank()) {
                errors.add(at, "must be a CIDR, host name or domain without spaces");
            } else if (errors.line(at, entry, MAX_NO_PROXY_ENTRY) && !NO_PROXY_ENTRY.matcher(entry.strip()).matches()) {
                errors.add(at, "must be a CIDR, host name or domain (letters, digits and . - _ * : / [ ] only), e.g. "
                        + ".internal or 10.0.0.0/8");
            }
            total += entry == null ? 0 : entry.length();
        }
        if (total > MAX_NO_PROXY_LENGTH) {
            errors.add("proxy.noProxy", "its entries come to " + total + " characters; at most " + MAX_NO_PROXY_LENGTH);
        }
    }

    /** An http(s) URL of plain ASCII (its encrypted copy must fit the settings), on one line. */
    private static void proxyUrl(Errors errors, String field, String value) {
        if (value == null || value.isBlank() || !errors.line(field, value, MAX_PROXY_URL)) {
            return;
        }
        try {
            URI uri = URI.create(value.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || !value.strip().chars().allMatch(c -> c < 0x80)) {
                errors.add(field, "must be a URL like http://proxy.example:3128");
            }
        } catch (IllegalArgumentException e) {
            errors.add(field, "must be a URL like http://proxy.example:3128");
        }
    }

    /**
     * A proxy URL with its secret replaced by stars, for showing: the password of {@code user:password@}, or the
     * whole user info when it is one word (a token, {@code http://TOKEN@proxy:3128}).
     */
    public static String masked(String url) {
        if (url == null || url.isBlank()) {
            return url;
        }
        URI uri = URI.create(url.strip());
        String info = uri.getRawUserInfo();
        if (info == null) {
            return url.strip();
        }
        String shown = info.contains(":") ? info.substring(0, info.indexOf(':')) + ":" + MASK : MASK;
        return url.strip().replace(info + "@", shown + "@");
    }

    private static void cidr(Errors errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(field, "is required, e.g. 192.168.0.0/16");
        } else if (!errors.line(field, value, MAX_CIDR)) {
            return;
        } else if (!Cidrs.valid(value)) {
            errors.add(field, "is not an IPv4 CIDR like 192.168.0.0/16");
        }
    }

    /**
     * The install choices, kept for redeploys. A proxy URL carrying a password is kept encrypted, with a masked
     * copy for showing.
     */
    private String settings(GatewayRegistration r) {
        ObjectNode s = JSON.createObjectNode();
        GatewayRegistration.OpenStack os = r.openstack();
        s.put("podCidr", r.podCidr()).put("serviceCidr", r.serviceCidr());
        s.put("availabilityZone", os.availabilityZone()).put("sshPublicKey", os.sshPublicKey())
                .put("patchOsOnBoot", Boolean.TRUE.equals(os.patchOsOnBoot()))
                .put("rebootAfterPatch", Boolean.TRUE.equals(os.rebootAfterPatch()));
        s.set("placement", JSON.valueToTree(os.placement()));
        GatewayRegistration.Proxy proxy = r.proxy();
        if (proxy != null) {
            ObjectNode p = s.putObject("proxy");
            p.put("https", masked(proxy.https())).put("http", masked(proxy.http()))
                    .put("caCertificatePath", proxy.caCertificatePath());
            p.set("noProxy", JSON.valueToTree(proxy.noProxy() == null ? List.of() : proxy.noProxy()));
            if (proxy.https() != null && !proxy.https().strip().equals(masked(proxy.https()))) {
                p.put("httpsSecret", cipher.encrypt(proxy.https().strip()));
            }
            if (proxy.http() != null && !proxy.http().strip().equals(masked(proxy.http()))) {
                p.put("httpSecret", cipher.encrypt(proxy.http().strip()));
            }
        }
        return JSON.writeValueAsString(s);
    }

    GatewayView view(Gateway g) {
        List<GatewayNodeView> nodes = g.agent() ? nodeRepository.ofGateway(g.id()).stream()
                .map(n -> new GatewayNodeView(n.name(), n.address(), n.availabilityZone(), n.agentVersion(),
                        n.lastHeartbeat(), n.status(), n.statusReason())).toList() : List.of();
        String shipped = g.agent() ? GatewayAgent.VERSION : SOFTWARE_VERSION;
        boolean upgradable = g.targetVersion() == null && GatewayTunnels.compareVersions(g.softwareVersion(), shipped) < 0;
        return new GatewayView(g.name(), g.cloudType(), g.status(), g.statusReason(), g.size(), nodes,
                g.softwareVersion(), g.lastHeartbeat(), g.shareAcrossProjects(), g.cloudAccount(), g.createdAt(),
                upgradable ? shipped : null, g.mode(), g.agent() ? g.softwareVersion() : null, upgradable, null);
    }
}
