package org.stackport.openstack;

import java.time.Instant;
import org.openstack4j.api.OSClient;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;

/**
 * An authenticated session with one cloud account: the token, the transport configuration and the region.
 * openstack4j's sessions are thread-local, so each task asks for {@link #client()} on its own thread.
 */
public final class CloudSession {

    private final Token token;
    private final Config config;
    private final String region;

    CloudSession(Token token, Config config, String region) {
        this.token = token;
        this.config = config;
        this.region = region;
    }

    /** A client bound to the current thread, region always set (else a missing service falls back to Keystone). */
    OSClient.OSClientV3 client() {
        return OSFactory.clientFromToken(token, Facing.PUBLIC, config).useRegion(region);
    }

    public Instant expiresAt() {
        return token.getExpires().toInstant();
    }

    public String projectId() {
        return token.getProject() == null ? null : token.getProject().getId();
    }

    public String projectName() {
        return token.getProject() == null ? null : token.getProject().getName();
    }

    public String userId() {
        return token.getUser().getId();
    }

    public String region() {
        return region;
    }

    Token token() {
        return token;
    }

    /**
     * Fails clearly when the catalog has no such service in our region; without this check openstack4j
     * silently falls back to the Keystone URL and the call fails with a confusing 404.
     */
    public void requireService(String serviceType, String action) {
        boolean present = token.getCatalog() != null && token.getCatalog().stream()
                .filter(s -> serviceType.equals(s.getType()))
                .flatMap(s -> s.getEndpoints() == null ? java.util.stream.Stream.empty() : s.getEndpoints().stream())
                .anyMatch(e -> region == null || region.equals(e.getRegionId()) || region.equals(e.getRegion()));
        if (!present) {
            throw CloudFailure.missingService(serviceType, region, action);
        }
    }

    /** Service types in the token's catalog (e.g. compute, network, load-balancer). */
    public java.util.List<String> serviceTypes() {
        return token.getCatalog() == null ? java.util.List.of()
                : token.getCatalog().stream().map(s -> s.getType()).distinct().sorted().toList();
    }
}
