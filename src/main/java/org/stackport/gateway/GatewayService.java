package org.stackport.gateway;

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
import org.stackport.gateway.internal.GatewayRepository;
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
    static final String SOFTWARE_VERSION = "1.0.0";
    private static final JsonMapper JSON = JsonMapper.builder().build();
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

    GatewayService(GatewayRepository gateways, CloudAccountService accounts, GatewayHealth health, ProjectAccess access,
                   AuditLog audit, Clock clock) {
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
        return gateways.inTenant(me.tenantId()).stream().map(GatewayService::view).toList();
    }

    @Transactional(readOnly = true)
    public GatewayView get(String name) {
        return view(find(name));
    }

    @Transactional
    public GatewayView register(GatewayRegistration r) {
        return audit.run("gateway.register", "gateway/" + r.name(), () -> {
            StackportPrincipal me = access.requireTenantAdmin();
            Errors errors = new Errors();
            if (errors.name("name", r.name()) && gateways.existsByTenantIdAndName(me.tenantId(), r.name())) {
                errors.add("name", "a gateway named '" + r.name() + "' already exists");
            }
            check(r, errors);
            errors.throwIfAny();
            GatewayRegistration.OpenStack os = r.openstack();
            String account = r.cloudAccount() == null || r.cloudAccount().isBlank() ? r.name() : r.cloudAccount();
            try {
                accounts.create(new CloudAccountCommand(account, r.name(), os.username(), os.password(),
                        os.identityEndpoint(), os.caCertificate(), os.insecure(), os.region(), os.domain(), os.project(),
                        "tenant", null));
            } catch (ValidationException e) {
                throw new ValidationException(e.errors().stream()
                        .map(f -> new FieldError(f.field().equals("name") && !account.equals(r.name()) ? "cloudAccount"
                                : ACCOUNT_FIELDS.getOrDefault(f.field(), f.field()), f.message())).toList());
            }
            Instant now = clock.instant();
            Gateway saved = gateways.save(new Gateway(null, me.tenantId(), r.name(), "openstack", INSTALLING,
                    "waiting for the first health check", r.size(), SOFTWARE_VERSION,
                    !Boolean.FALSE.equals(r.shareAcrossProjects()), account, settings(r), null, 0, now, now, null));
            health.schedule(saved.id());
            return view(saved);
        });
    }

    /** Grows a one-node gateway to three nodes (the only resize the seed offers). */
    @Transactional
    public GatewayView resize(String name, Integer size) {
        return audit.run("gateway.resize", "gateway/" + name, () -> {
            Gateway g = find(name);
            if (size == null || size != 3) {
                new Errors().add("size", "can only grow from 1 to 3 nodes").throwIfAny();
            }
            if (g.size() == 3) {
                throw new ConflictException("Gateway '" + name + "' already has 3 nodes.");
            }
            return view(gateways.save(g.withSize(3, clock.instant())));
        });
    }

    /** Deletes the gateway and its cloud account; clusters do not exist yet, so nothing can refuse it. */
    @Transactional
    public void delete(String name) {
        audit.run("gateway.delete", "gateway/" + name, () -> {
            Gateway g = find(name);
            health.unschedule(g.id());
            gateways.delete(g);
            accounts.delete(g.cloudAccount());
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
            }
            if (p.subnet() == null || p.subnet().isBlank()) {
                errors.add("openstack.placement.subnet", "is required for static placement");
            }
        } else if ("dynamic".equals(p.type())) {
            cidr(errors, "openstack.placement.nodeCidr", p.nodeCidr());
            List<String> dns = p.dnsServers() == null ? List.of() : p.dnsServers();
            if (dns.isEmpty()) {
                errors.add("openstack.placement.dnsServers", "needs at least one DNS server for dynamic placement");
            }
            for (int i = 0; i < dns.size(); i++) {
                if (!Cidrs.validIp(dns.get(i))) {
                    errors.add("openstack.placement.dnsServers[" + i + "]", "is not an IPv4 address");
                }
            }
        } else {
            errors.add("openstack.placement.type", "must be static or dynamic");
        }
        if (Boolean.TRUE.equals(os.rebootAfterPatch()) && !Boolean.TRUE.equals(os.patchOsOnBoot())) {
            errors.add("openstack.rebootAfterPatch", "only applies when patchOsOnBoot is on");
        }
        if (os.sshPublicKey() != null && !os.sshPublicKey().isBlank()
                && !os.sshPublicKey().strip().matches("^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp\\d+) [A-Za-z0-9+/=]+( .*)?$")) {
            errors.add("openstack.sshPublicKey", "is not an OpenSSH public key (ssh-ed25519 AAAA... or ssh-rsa AAAA...)");
        }
    }

    private static void cidr(Errors errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(field, "is required, e.g. 192.168.0.0/16");
        } else if (!Cidrs.valid(value)) {
            errors.add(field, "is not an IPv4 CIDR like 192.168.0.0/16");
        }
    }

    /** The non-secret install choices, kept for redeploys. */
    private static String settings(GatewayRegistration r) {
        ObjectNode s = JSON.createObjectNode();
        GatewayRegistration.OpenStack os = r.openstack();
        s.put("podCidr", r.podCidr()).put("serviceCidr", r.serviceCidr());
        s.put("availabilityZone", os.availabilityZone()).put("sshPublicKey", os.sshPublicKey())
                .put("patchOsOnBoot", Boolean.TRUE.equals(os.patchOsOnBoot()))
                .put("rebootAfterPatch", Boolean.TRUE.equals(os.rebootAfterPatch()));
        s.set("placement", JSON.valueToTree(os.placement()));
        if (r.proxy() != null) {
            s.set("proxy", JSON.valueToTree(r.proxy()));
        }
        return JSON.writeValueAsString(s);
    }

    static GatewayView view(Gateway g) {
        return new GatewayView(g.name(), g.cloudType(), g.status(), g.statusReason(), g.size(), new ArrayList<>(),
                g.softwareVersion(), g.lastHeartbeat(), g.shareAcrossProjects(), g.cloudAccount(), g.createdAt());
    }
}
