package org.stackport.tenancy;

import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.stackport.shared.Errors;
import org.stackport.shared.StackportProperties;
import org.stackport.shared.ValidationException;
import org.stackport.tenancy.internal.ApiKey;
import org.stackport.tenancy.internal.ApiKeyRepository;
import org.stackport.tenancy.internal.AppUser;
import org.stackport.tenancy.internal.AppUserRepository;
import org.stackport.tenancy.internal.Project;
import org.stackport.tenancy.internal.ProjectRepository;
import org.stackport.tenancy.internal.Tenant;
import org.stackport.tenancy.internal.TenantRepository;

/**
 * First start with an empty database: tenant {@code default}, project {@code default} and the tenant
 * admin {@code admin} (password from STACKPORT_ADMIN_PASSWORD, else generated and printed once).
 * On every start, STACKPORT_ADMIN_API_KEY (if set) is registered as a key of {@code admin}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class Bootstrap implements ApplicationRunner {

    static final String TENANT = "default";
    static final String PROJECT = "default";
    static final String ADMIN = "admin";

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final TenantRepository tenants;
    private final ProjectRepository projects;
    private final AppUserRepository users;
    private final ApiKeyRepository keys;
    private final PasswordEncoder encoder;
    private final StackportProperties properties;
    private final Clock clock;

    Bootstrap(TenantRepository tenants, ProjectRepository projects, AppUserRepository users, ApiKeyRepository keys,
              PasswordEncoder encoder, StackportProperties properties, Clock clock) {
        this.tenants = tenants;
        this.projects = projects;
        this.users = users;
        this.keys = keys;
        this.encoder = encoder;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        Tenant tenant = tenants.findByName(TENANT).orElse(null);
        if (tenant == null) {
            tenant = tenants.save(new Tenant(null, TENANT, clock.instant()));
            projects.save(Project.create(tenant.id(), PROJECT, "The project every tenant starts with", clock.instant()));
            createAdmin(tenant);
        }
        registerAdminApiKey();
    }

    private void createAdmin(Tenant tenant) {
        String given = properties.admin().password();
        String password;
        if (given != null && !given.isEmpty()) {
            Errors errors = new Errors();
            PasswordPolicy.check(errors, "STACKPORT_ADMIN_PASSWORD", given, ADMIN);
            try {
                errors.throwIfAny();
            } catch (ValidationException e) {
                throw new IllegalStateException("STACKPORT_ADMIN_PASSWORD " + e.errors().getFirst().message());
            }
            password = given;
        } else {
            password = randomPassword();
            // Printed once, on purpose: this is the only way a new user learns the first password.
            log.warn("""

                    ==================================================================
                      Stackport's first tenant admin:  user 'admin', password '{}'
                      Shown only this once. Change it in the console, or set
                      STACKPORT_ADMIN_PASSWORD before the first start.
                    ==================================================================""", password);
        }
        users.save(AppUser.create(tenant.id(), ADMIN, encoder.encode(password), true, clock.instant()));
    }

    private void registerAdminApiKey() {
        String key = properties.admin().apiKey();
        if (key == null || key.isBlank() || keys.findByKeyHash(ApiKeys.hash(key.trim())).isPresent()) {
            return;
        }
        users.findByUsername(ADMIN).ifPresentOrElse(
                admin -> {
                    keys.save(new ApiKey(null, admin.id(), "bootstrap", ApiKeys.hash(key.trim()), ApiKeys.prefix(key.trim()),
                            clock.instant(), null, null, null));
                    log.info("Registered STACKPORT_ADMIN_API_KEY as API key 'bootstrap' of user 'admin'");
                },
                () -> log.warn("STACKPORT_ADMIN_API_KEY is set but user 'admin' no longer exists; key not registered"));
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                b.append('-');
            }
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
