package org.stackport.account;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.stackport.account.internal.CloudAccount;
import org.stackport.account.internal.CloudAccountRepository;
import org.stackport.openstack.CloudCredentials;
import org.stackport.openstack.CloudFailure;
import org.stackport.openstack.CloudSession;
import org.stackport.openstack.CloudSessions;
import org.stackport.security.SecretCipher;
import org.stackport.security.StackportPrincipal;
import org.stackport.shared.ConflictException;
import org.stackport.shared.Errors;
import org.stackport.shared.NotFoundException;
import org.stackport.shared.ValidationException;
import org.stackport.tenancy.AuditLog;
import org.stackport.tenancy.ProjectAccess;
import org.stackport.tenancy.ProjectRef;
import org.stackport.tenancy.ProjectRole;

/**
 * Cloud accounts. Tenant-scope accounts are managed by tenant admins and shared with every project's admins unless
 * registered as tenant-only; project-scope accounts belong to one project and are managed by its admins. Project
 * viewers do not use accounts (api.md). Everyone who may use an account sees it, never its password. Credentials are checked against Keystone before anything is stored.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class CloudAccountService {

    static final String TENANT = "tenant";
    static final String PROJECT = "project";
    static final String MASK = "********";
    /** Column sizes of V3__cloud_accounts.sql; the password is stored encrypted, which takes up to four times its length. */
    public static final int MAX_USERNAME = 255;
    public static final int MAX_PASSWORD = 400;
    public static final int MAX_ENDPOINT = 1000;
    public static final int MAX_CA_CERTIFICATE = 20_000;
    public static final int MAX_CLOUD_NAME = 255;
    private static final Duration INVENTORY_TTL = Duration.ofSeconds(30);

    private final CloudAccountRepository accounts;
    private final ProjectAccess access;
    private final AuditLog audit;
    private final SecretCipher cipher;
    private final CloudSessions sessions;
    private final CloudReads reads;
    private final Clock clock;
    private final GatewayDirectory gatewayDirectory;
    private final ClusterUsage usage;
    private final Map<String, Cached> inventoryCache = new ConcurrentHashMap<>();

    private record Cached(Instant at, Integer version, Inventory inventory) {
    }

    CloudAccountService(CloudAccountRepository accounts, ProjectAccess access, AuditLog audit, SecretCipher cipher,
                        CloudSessions sessions, CloudReads reads, Clock clock, GatewayDirectory gatewayDirectory, ClusterUsage usage) {
        this.accounts = accounts;
        this.access = access;
        this.audit = audit;
        this.cipher = cipher;
        this.sessions = sessions;
        this.reads = reads;
        this.clock = clock;
        this.gatewayDirectory = gatewayDirectory;
        this.usage = usage;
    }

    /** The accounts the caller may use: tenant-scope ones and those of the caller's projects. */
    @Transactional(readOnly = true)
    public List<CloudAccountView> list() {
        StackportPrincipal me = access.caller();
        Map<Long, String> projects = access.visibleProjects();
        boolean adminSomewhere = !me.tenantAdmin() && adminSomewhere(projects);
        return accounts.inTenant(me.tenantId()).stream()
                .filter(a -> usable(me, a, projects, adminSomewhere))
                .map(a -> view(a, projects))
                .toList();
    }

    @Transactional(readOnly = true)
    public CloudAccountView get(String name) {
        return view(visible(name), access.visibleProjects());
    }

    public CloudAccountView create(CloudAccountCommand cmd) {
        return audit.run("cloudaccount.create", "cloud-account/" + cmd.name(), () -> {
            StackportPrincipal me = access.caller();
            Errors errors = new Errors();
            if (errors.name("name", cmd.name()) && accounts.existsByTenantIdAndName(me.tenantId(), cmd.name())) {
                errors.taken("name", "a cloud account named '" + cmd.name() + "' already exists");
            }
            Long projectId = scopeProject(cmd, errors);
            checkFields(cmd, true, errors);
            checkGateway(me, cmd.gateway(), errors);
            errors.throwIfAny();
            requireManage(cmd.scope(), cmd.project());
            CloudCredentials credentials = credentials(cmd, secretOf(cmd)).via(route(me.tenantId(), cmd.gateway()));
            checkAgainstKeystone(credentials);
            Instant now = clock.instant();
            boolean shared = projectId == null && !Boolean.FALSE.equals(cmd.shared());
            CloudAccount saved = accounts.save(new CloudAccount(null, me.tenantId(), cmd.name(), cmd.scope(), projectId,
                    shared, blankToNull(cmd.gateway()), stripOrNull(cmd.username()), cipher.encrypt(secretOf(cmd)),
                    cmd.identityEndpoint().strip(), blankToNull(cmd.caCertificate()), Boolean.TRUE.equals(cmd.insecure()),
                    cmd.parentRegion().strip(), cmd.defaultDomain().strip(), cmd.defaultProject().strip(), now, now, null,
                    authTypeOf(cmd), cmd.applicationCredential() ? cmd.applicationCredentialId().strip() : null));
            return view(saved, access.visibleProjects());
        });
    }

    /**
     * Changes the connection settings or rotates the password (a null password keeps the stored one, and so does a
     * null CA certificate; an empty one removes it).
     */
    public CloudAccountView update(String name, CloudAccountCommand cmd) {
        return audit.run("cloudaccount.update", "cloud-account/" + name, () -> {
            CloudAccount current = visible(name);
            requireManage(current);
            Errors errors = new Errors();
            checkFields(cmd, false, errors);
            String secretField = cmd.applicationCredential() ? "applicationCredentialSecret" : "password";
            boolean keepSecret = secretOf(cmd) == null || secretOf(cmd).isEmpty();
            boolean sameIdentity = cmd.applicationCredential()
                    ? cmd.applicationCredentialId() != null
                            && cmd.applicationCredentialId().strip().equals(current.applicationCredentialId())
                    : cmd.username() != null && cmd.username().strip().equals(current.username());
            if (keepSecret && cmd.identityEndpoint() != null
                    && (!sameEndpoint(cmd.identityEndpoint(), current.identityEndpoint()) || !sameIdentity
                    || !authTypeOf(cmd).equals(authTypeOf(current))
                    || Boolean.TRUE.equals(cmd.insecure()) != current.insecure())) {
                errors.add(secretField, "enter the " + (cmd.applicationCredential() ? "secret" : "password")
                        + " again: the stored one is only sent to the endpoint and "
                        + (cmd.applicationCredential() ? "application credential" : "user")
                        + " it was given for, with the same TLS checks");
            }
            if (cmd.gateway() != null) {
                checkGateway(access.caller(), cmd.gateway(), errors);
            }
            errors.throwIfAny();
            String secret = keepSecret ? cipher.decrypt(current.passwordSecret()) : secretOf(cmd);
            // A change that leaves the CA certificate out keeps the stored one; an empty one removes it.
            String ca = cmd.caCertificate() == null ? current.caCertificate() : blankToNull(cmd.caCertificate());
            CloudCredentials credentials = credentials(new CloudAccountCommand(cmd.name(), cmd.gateway(),
                    cmd.username(), cmd.password(), cmd.identityEndpoint(), ca, cmd.insecure(), cmd.parentRegion(),
                    cmd.defaultDomain(), cmd.defaultProject(), cmd.scope(), cmd.project(), cmd.shared(), cmd.authType(),
                    cmd.applicationCredentialId(), cmd.applicationCredentialSecret()), secret)
                    .via(route(current.tenantId(), cmd.gateway() == null ? current.gateway() : blankToNull(cmd.gateway())));
            checkAgainstKeystone(credentials);
            CloudAccount saved = accounts.save(new CloudAccount(current.id(), current.tenantId(), current.name(),
                    current.scope(), current.projectId(),
                    current.projectId() == null && (cmd.shared() == null ? current.shared() : cmd.shared()), cmd.gateway() == null ? current.gateway() : blankToNull(cmd.gateway()),
                    stripOrNull(cmd.username()), cipher.encrypt(secret), cmd.identityEndpoint().strip(),
                    ca, Boolean.TRUE.equals(cmd.insecure()), cmd.parentRegion().strip(),
                    cmd.defaultDomain().strip(), cmd.defaultProject().strip(), current.createdAt(), clock.instant(),
                    current.version(), authTypeOf(cmd),
                    cmd.applicationCredential() ? cmd.applicationCredentialId().strip() : null));
            inventoryCache.keySet().removeIf(k -> k.startsWith(name + "|"));
            return view(saved, access.visibleProjects());
        });
    }

    public void delete(String name) {
        audit.run("cloudaccount.delete", "cloud-account/" + name, () -> {
            CloudAccount current = visible(name);
            requireManage(current);
            List<String> users = usage.clustersUsing(current.tenantId(), List.of(current.name()));
            if (!users.isEmpty()) {
                throw new ConflictException("Cloud account '" + name + "' is used by cluster(s) " + String.join(", ", users)
                        + "; delete them first.");
            }
            gatewayDirectory.owning(current.tenantId(), current.name()).ifPresent(g -> {
                throw new ConflictException("Cloud account '" + name + "' belongs to gateway " + g
                        + "; it goes when the gateway is deleted.");
            });
            accounts.delete(current);
            inventoryCache.keySet().removeIf(k -> k.startsWith(name + "|"));
        });
    }

    /**
     * The clusters (not Deleted) that reach the cloud through a gateway: those using its own account or any
     * account that names it.
     */
    @Transactional(readOnly = true)
    public List<String> clustersUsingGateway(long tenantId, String gateway, String gatewayAccount) {
        List<String> names = new java.util.ArrayList<>(accounts.inTenant(tenantId).stream()
                .filter(a -> gateway.equals(a.gateway())).map(CloudAccount::name).toList());
        if (!names.contains(gatewayAccount)) {
            names.add(gatewayAccount);
        }
        return usage.clustersUsing(tenantId, names);
    }

    /** The status of the gateway the account reaches its cloud through (empty when it names none). */
    @Transactional(readOnly = true)
    public java.util.Optional<String> gatewayStatus(String name) {
        CloudAccount a = visible(name);
        return a.gateway() == null ? java.util.Optional.empty() : gatewayDirectory.status(a.tenantId(), a.gateway())
                .map(status -> a.gateway() + ":" + status);
    }

    /** The account's credentials, for the caller's own cloud calls (use rights; never shown). */
    @Transactional(readOnly = true)
    public CloudCredentials credentialsOf(String name) {
        return credentials(visible(name));
    }

    private CloudCredentials credentials(CloudAccount a) {
        return credentials(a, cipher.decrypt(a.passwordSecret()));
    }

    /** How to reach the account's cloud, given its decrypted secret (a password or an application credential's). */
    static CloudCredentials credentials(CloudAccount a, String secret) {
        boolean appCredential = CloudAccountCommand.APPLICATION_CREDENTIAL.equals(a.authType());
        return new CloudCredentials(a.identityEndpoint(), a.username(), appCredential ? null : secret,
                a.defaultDomain(), a.defaultProject(), a.parentRegion(), a.insecure(), a.caCertificate(),
                appCredential ? a.applicationCredentialId() : null, appCredential ? secret : null,
                route(a.tenantId(), a.gateway()));
    }

    /** The route ({@link org.stackport.openstack.CloudRoutes}) of an account on this gateway: tenant id and gateway name. */
    public static String route(long tenantId, String gateway) {
        return gateway == null || gateway.isBlank() ? null : tenantId + "/" + gateway.strip();
    }

    private static String authTypeOf(CloudAccount a) {
        return a.authType() == null ? CloudAccountCommand.PASSWORD : a.authType();
    }

    private static String authTypeOf(CloudAccountCommand cmd) {
        return cmd.applicationCredential() ? CloudAccountCommand.APPLICATION_CREDENTIAL : CloudAccountCommand.PASSWORD;
    }

    /** The secret the command brings: the password, or the application credential's secret. */
    private static String secretOf(CloudAccountCommand cmd) {
        return cmd.applicationCredential() ? cmd.applicationCredentialSecret() : cmd.password();
    }

    private static String stripOrNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Which permissions the cluster lifecycle needs are allowed, found by safe read calls. */
    public ValidationReport validate(String name) {
        CloudCredentials credentials = credentialsOf(name);
        try {
            sessions.authenticate(credentials);
        } catch (CloudFailure f) {
            return new ValidationReport(false, List.of(new ValidationReport.Check("identity", "authenticate", false, f.getMessage())));
        }
        return new ValidationReport(true, reads.permissionChecks(credentials));
    }

    /**
     * Checks credentials against Keystone without storing anything and returns what that cloud offers, for a
     * wizard's next steps (networks, subnets, zones). Refusals are field errors as in {@link #create}.
     */
    public Inventory probe(CloudAccountCommand cmd) {
        StackportPrincipal me = access.caller();
        Errors errors = new Errors();
        if (!TENANT.equals(cmd.scope()) && !PROJECT.equals(cmd.scope())) {
            errors.add("scope", "must be 'tenant' or 'project'");
        }
        checkFields(cmd, true, errors);
        errors.throwIfAny();
        requireManage(cmd.scope(), cmd.project());
        CloudCredentials credentials = credentials(cmd, cmd.password()).via(route(me.tenantId(), cmd.gateway()));
        checkAgainstKeystone(credentials);
        return reads.inventory(credentials);
    }

    /** Used and limit per resource of the account's project, read live (not cached: it is what a deploy meets). */
    public Quota quota(String name) {
        return reads.quota(credentialsOf(name));
    }

    /** The quota of another project (and region) the account's user may work in, e.g. a cluster's placement. */
    public Quota quota(String name, String domain, String project, String region) {
        return reads.quota(scoped(credentialsOf(name), domain, project, region));
    }

    /** The inventory as seen from another project (and region) of the account's user, cached like {@link #inventory(String)}. */
    public Inventory inventory(String name, String domain, String project, String region) {
        CloudAccount a = visible(name);
        CloudCredentials scoped = scoped(credentials(a), domain, project, region);
        String key = name + "|" + scoped.domain() + "|" + scoped.project() + "|" + scoped.region();
        Cached cached = inventoryCache.get(key);
        if (cached != null && Objects.equals(cached.version(), a.version())
                && cached.at().plus(INVENTORY_TTL).isAfter(clock.instant())) {
            return cached.inventory();
        }
        Inventory fresh = reads.inventory(scoped);
        inventoryCache.put(key, new Cached(clock.instant(), a.version(), fresh));
        return fresh;
    }

    /**
     * The inventory as seen from a domain, project and region the account's user should reach, e.g. a cluster's
     * placement. A scope the user cannot reach is the caller's mistake, not the cloud's: a {@link ValidationException}
     * on {@code domain}, {@code project} or {@code region} naming the choices the account has. A cloud that fails to
     * answer stays a {@link CloudFailure}.
     */
    public Inventory reachableInventory(String name, String domain, String project, String region) {
        Inventory home = inventory(name);
        Errors errors = new Errors();
        unknown(errors, "domain", "domain", domain, home.domains());
        unknown(errors, "project", "project", project, home.projects());
        unknown(errors, "region", "region", region, home.regions());
        errors.throwIfAny();
        try {
            return inventory(name, domain, project, region);
        } catch (CloudFailure f) {
            if (f.kind() == CloudFailure.Kind.AUTH || f.kind() == CloudFailure.Kind.FORBIDDEN) {
                // the account's own scope answered just now: Keystone refuses this one, not the credentials
                throw new ValidationException(List.of(new org.stackport.shared.FieldError("project", "cloud account '"
                        + name + "' cannot work in project '" + project + "' of domain '" + domain
                        + "' (Keystone refused to scope to it); its projects: " + String.join(", ", home.projects()))));
            }
            if (f.kind() == CloudFailure.Kind.UNAVAILABLE && f.status() == 0 && f.cloudMessage() != null
                    && f.cloudMessage().contains("service catalog has no")) {
                throw new ValidationException(List.of(new org.stackport.shared.FieldError("region", "the cloud offers "
                        + "no " + f.cloudMessage().replaceAll(".*has no ('[^']+') service.*", "$1") + " service in region '"
                        + region + "' to this account; its regions: " + String.join(", ", home.regions()))));
            }
            throw f;
        }
    }

    private static void unknown(Errors errors, String field, String what, String value, List<String> known) {
        if (value != null && !value.isBlank() && !known.contains(value.strip())) {
            errors.add(field, "cloud account cannot reach " + what + " '" + value.strip() + "'; it can reach: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
    }

    /** Same Keystone URL, ignoring a trailing slash. */
    public static boolean sameEndpoint(String a, String b) {
        return a != null && b != null && a.strip().replaceAll("/+$", "").equals(b.strip().replaceAll("/+$", ""));
    }

    private static CloudCredentials scoped(CloudCredentials c, String domain, String project, String region) {
        return c.scopedTo(domain == null || domain.isBlank() ? c.domain() : domain.strip(),
                project == null || project.isBlank() ? c.project() : project.strip(),
                region == null || region.isBlank() ? c.region() : region.strip());
    }

    /** The account's cloud as the wizards need it; read live, cached for half a minute. */
    public Inventory inventory(String name) {
        return inventory(name, null, null, null);
    }

    // ---- rules

    /**
     * The account, if the caller may use it (api.md): tenant admins every account; a project admin of P the accounts
     * of P and those shared with all projects. No role in the account's project → 404; a viewer → 403.
     */
    private CloudAccount visible(String name) {
        StackportPrincipal me = access.caller();
        CloudAccount a = accounts.findByTenantIdAndName(me.tenantId(), name)
                .orElseThrow(() -> notFound(name));
        if (me.tenantAdmin()) {
            return a;
        }
        Map<Long, String> projects = access.visibleProjects();
        if (PROJECT.equals(a.scope())) {
            String project = projects.get(a.projectId());
            if (project == null) {
                throw notFound(name);
            }
            access.require(project, ProjectRole.PROJECT_ADMIN);
            return a;
        }
        if (!a.shared()) {
            throw notFound(name);
        }
        if (!adminSomewhere(projects)) {
            throw new org.springframework.security.access.AccessDeniedException(
                    "Only project admins and tenant admins use cloud accounts.");
        }
        return a;
    }

    /** Whether the caller may use the account, for lists (same rules as {@link #visible}). */
    private boolean usable(StackportPrincipal me, CloudAccount a, Map<Long, String> projects, boolean adminSomewhere) {
        if (me.tenantAdmin()) {
            return true;
        }
        if (PROJECT.equals(a.scope())) {
            String project = projects.get(a.projectId());
            return project != null && access.roleIn(project).map(r -> r.includes(ProjectRole.PROJECT_ADMIN)).orElse(false);
        }
        return a.shared() && adminSomewhere;
    }

    private boolean adminSomewhere(Map<Long, String> projects) {
        return projects.values().stream()
                .anyMatch(p -> access.roleIn(p).map(r -> r.includes(ProjectRole.PROJECT_ADMIN)).orElse(false));
    }

    private void requireManage(CloudAccount a) {
        if (TENANT.equals(a.scope())) {
            access.requireTenantAdmin();
        } else {
            access.require(access.visibleProjects().get(a.projectId()), ProjectRole.PROJECT_ADMIN);
        }
    }

    private void requireManage(String scope, String project) {
        if (TENANT.equals(scope)) {
            access.requireTenantAdmin();
        } else {
            access.require(project, ProjectRole.PROJECT_ADMIN);
        }
    }

    /** The project of a project-scope account (404 if the caller cannot see it), null for tenant scope. */
    private Long scopeProject(CloudAccountCommand cmd, Errors errors) {
        if (TENANT.equals(cmd.scope())) {
            if (cmd.project() != null && !cmd.project().isBlank()) {
                errors.add("project", "must be empty for a tenant-scope account");
            }
            return null;
        }
        if (!PROJECT.equals(cmd.scope())) {
            errors.add("scope", "must be 'tenant' or 'project'");
            return null;
        }
        if (cmd.project() == null || cmd.project().isBlank()) {
            errors.add("project", "is required for a project-scope account");
            return null;
        }
        ProjectRef ref = access.require(cmd.project(), ProjectRole.PROJECT_VIEWER);
        return ref.id();
    }

    private void checkGateway(StackportPrincipal me, String gateway, Errors errors) {
        if (gateway != null && !gateway.isBlank() && !gatewayDirectory.exists(me.tenantId(), gateway.strip())) {
            errors.add("gateway", "no private cloud gateway named '" + gateway.strip() + "'");
        }
    }

    /** Every text is bounded below its column and kept to one line where it is a name; checked before any cloud call. */
    private static void checkFields(CloudAccountCommand cmd, boolean creating, Errors errors) {
        if (cmd.authType() != null && !cmd.authType().isBlank() && !CloudAccountCommand.PASSWORD.equals(cmd.authType())
                && !cmd.applicationCredential()) {
            errors.add("authType", "must be 'password' or 'applicationCredential'");
        }
        if (cmd.applicationCredential()) {
            // the credential names its user and project itself; a user name is only a note then
            if (required(errors, "applicationCredentialId", cmd.applicationCredentialId())) {
                errors.line("applicationCredentialId", cmd.applicationCredentialId(), MAX_USERNAME);
            }
            if (creating) {
                required(errors, "applicationCredentialSecret", cmd.applicationCredentialSecret());
            }
            errors.maxLength("applicationCredentialSecret", cmd.applicationCredentialSecret(), MAX_PASSWORD);
            if (cmd.username() != null && !cmd.username().isBlank()) {
                errors.line("username", cmd.username(), MAX_USERNAME);
            }
        } else {
            if (required(errors, "username", cmd.username())) {
                errors.line("username", cmd.username(), MAX_USERNAME);
            }
            if (creating) {
                required(errors, "password", cmd.password());
            }
        }
        errors.maxLength("password", cmd.password(), MAX_PASSWORD);
        if (cmd.gateway() != null && !cmd.gateway().isBlank()) {
            errors.line("gateway", cmd.gateway(), 63);
        }
        if (cmd.project() != null && !cmd.project().isBlank()) {
            errors.line("project", cmd.project(), 63);
        }
        if (required(errors, "identityEndpoint", cmd.identityEndpoint())
                && errors.line("identityEndpoint", cmd.identityEndpoint(), MAX_ENDPOINT)) {
            try {
                URI uri = URI.create(cmd.identityEndpoint().strip());
                if (uri.getRawUserInfo() != null) {
                    // a URL is shown and logged wherever the account is; credentials in it would be too
                    errors.add("identityEndpoint", "must not carry a user name or password; put them in the username "
                            + "and password fields");
                } else if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    errors.add("identityEndpoint", "must be an http(s) URL, e.g. https://keystone.example:5000/v3");
                } else if (!uri.getPath().replaceAll("/+$", "").endsWith("/v3")) {
                    errors.add("identityEndpoint", "must be the Keystone v3 endpoint, ending in /v3");
                }
            } catch (IllegalArgumentException e) {
                errors.add("identityEndpoint", "is not a valid URL");
            }
        }
        for (String[] f : new String[][] {{"parentRegion", cmd.parentRegion()}, {"defaultDomain", cmd.defaultDomain()},
                {"defaultProject", cmd.defaultProject()}}) {
            if (required(errors, f[0], f[1])) {
                errors.line(f[0], f[1], MAX_CLOUD_NAME);
            }
        }
        if (!errors.text("caCertificate", cmd.caCertificate(), MAX_CA_CERTIFICATE)) {
            return;
        }
        if (cmd.caCertificate() != null && !cmd.caCertificate().isBlank()
                && !cmd.caCertificate().contains("-----BEGIN CERTIFICATE-----")) {
            errors.add("caCertificate", "must be a PEM certificate (-----BEGIN CERTIFICATE----- ...)");
        }
    }

    private static boolean required(Errors errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(field, "is required");
            return false;
        }
        return true;
    }

    private static CloudCredentials credentials(CloudAccountCommand cmd, String secret) {
        boolean appCredential = cmd.applicationCredential();
        return new CloudCredentials(cmd.identityEndpoint().strip().replaceAll("/+$", ""), stripOrNull(cmd.username()),
                appCredential ? null : secret, cmd.defaultDomain().strip(), cmd.defaultProject().strip(),
                cmd.parentRegion().strip(), Boolean.TRUE.equals(cmd.insecure()), blankToNull(cmd.caCertificate()),
                appCredential ? cmd.applicationCredentialId().strip() : null, appCredential ? secret : null);
    }

    /** Keystone must accept the credentials and know the region; else 422 on the field that is wrong. */
    private void checkAgainstKeystone(CloudCredentials credentials) {
        CloudSession session;
        try {
            session = sessions.authenticate(credentials);
        } catch (CloudFailure f) {
            String secretField = credentials.usesApplicationCredential() ? "applicationCredentialSecret" : "password";
            String field = switch (f.kind()) {
                case AUTH, FORBIDDEN -> secretField;
                case INVALID -> f.status() == 0 ? "caCertificate" : "identityEndpoint";
                default -> f.cloudMessage() != null && f.cloudMessage().startsWith("TLS") ? "caCertificate" : "identityEndpoint";
            };
            String message = switch (field) {
                case "password" -> "Keystone refused the credentials (user, password, domain or project): " + f.cloudMessage();
                case "applicationCredentialSecret" -> "Keystone refused the application credential (id or secret, or "
                        + "it expired): " + f.cloudMessage();
                case "caCertificate" -> "the cloud's certificate could not be verified: " + f.cloudMessage();
                default -> "Keystone could not be reached: " + f.cloudMessage();
            };
            throw new org.stackport.shared.ValidationException(List.of(new org.stackport.shared.FieldError(field, message)));
        }
        try {
            session.requireService("compute", "use region " + credentials.region());
        } catch (CloudFailure f) {
            new Errors().add("parentRegion", "the cloud has no compute service in region '" + credentials.region() + "'")
                    .throwIfAny();
        }
    }

    private CloudAccountView view(CloudAccount a, Map<Long, String> projects) {
        return new CloudAccountView(a.name(), a.scope(), a.projectId() == null ? null : projects.get(a.projectId()), a.shared(),
                a.gateway(), a.username(), CloudAccountCommand.APPLICATION_CREDENTIAL.equals(a.authType()) ? null : MASK,
                withoutUserInfo(a.identityEndpoint()), a.caCertificate() != null, a.insecure(),
                a.parentRegion(), a.defaultDomain(), a.defaultProject(), a.createdAt(), a.updatedAt(), authTypeOf(a),
                a.applicationCredentialId(),
                CloudAccountCommand.APPLICATION_CREDENTIAL.equals(a.authType()) ? MASK : null);
    }

    /** An endpoint stored before user info was refused is shown with it masked. */
    static String withoutUserInfo(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getRawUserInfo() == null ? url : url.replace(uri.getRawUserInfo() + "@", MASK + "@");
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("Cloud account '" + name + "' not found.");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

}
