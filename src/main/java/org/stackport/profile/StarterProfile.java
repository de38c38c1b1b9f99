package org.stackport.profile;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Once, on the first start: a profile {@code ubuntu-k8s} of the catalog's newest core packs, made through the
 * service as the bootstrap admin, so a new user can walk the cluster wizard at once. Deleting it is final.
 */
@Component
class StarterProfile {

    static final String NAME = "ubuntu-k8s";
    private static final String MARKER = "starter-profile";
    private static final Logger log = LoggerFactory.getLogger(StarterProfile.class);

    private final ClusterProfileService profiles;
    private final PackCatalog catalog;
    private final JdbcClient jdbc;
    private final Clock clock;

    StarterProfile(ClusterProfileService profiles, PackCatalog catalog, JdbcClient jdbc, Clock clock) {
        this.profiles = profiles;
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createOnce() {
        if (jdbc.sql("select count(*) from first_start_marker where name = :n").param("n", MARKER).query(Long.class).single() > 0) {
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("admin", null,
                List.of(new SimpleGrantedAuthority("ROLE_TENANT_ADMIN"))));
        SecurityContextHolder.setContext(context);
        try {
            List<ProfilePack> packs = List.of(newest("ubuntu"), newest("kubernetes"), newest("calico"), newest("cinder-csi"));
            profiles.create(new ProfileCommand(NAME, null, "Starter: Ubuntu, Kubernetes, Calico and Cinder CSI with the "
                    + "catalog's defaults", "openstack", "infrastructure", packs));
            log.info("Created the starter cluster profile '{}'", NAME);
            jdbc.sql("insert into first_start_marker (name, at) values (:n, :at)").param("n", MARKER)
                    .param("at", Timestamp.from(clock.instant())).update();
        } catch (RuntimeException e) {
            log.warn("Could not create the starter cluster profile (tried again at the next start): {}", e.getMessage());
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private ProfilePack newest(String name) {
        Pack p = catalog.find(name).orElseThrow();
        String version = p.versions().getLast();
        return new ProfilePack(p.layer(), p.name(), version, p.defaultValues().get(version));
    }
}
