package org.stackport.openstack;

import java.util.List;
import org.openstack4j.api.OSClient;
import org.springframework.stereotype.Component;

/** Keystone: check credentials and read projects, regions and domains. */
@Component
public class IdentityApi {

    /** What a successful authentication tells about an account. */
    public record AuthInfo(String userId, String projectId, String projectName, String region, List<String> services,
                           java.time.Instant expiresAt) {
    }

    public record Named(String id, String name) {
    }

    private final CloudSessions sessions;

    public IdentityApi(CloudSessions sessions) {
        this.sessions = sessions;
    }

    /** Authenticates afresh (no cache) and reports what the token says. */
    public AuthInfo check(CloudCredentials credentials) {
        CloudSession s = sessions.authenticate(credentials);
        return new AuthInfo(s.userId(), s.projectId(), s.projectName(), s.region(), s.serviceTypes(), s.expiresAt());
    }

    /** The projects the user may scope to. */
    public List<Named> projects(CloudCredentials credentials) {
        OSClient.OSClientV3 os = sessions.open(credentials).client();
        return Failures.call("list projects", () -> os.identity().users().listUserProjects(sessions.open(credentials).userId())
                .stream().map(p -> new Named(p.getId(), p.getName())).toList());
    }

    public List<Named> regions(CloudCredentials credentials) {
        OSClient.OSClientV3 os = sessions.open(credentials).client();
        return Failures.call("list regions", () -> os.identity().regions().list()
                .stream().map(r -> new Named(r.getId(), r.getId())).toList());
    }

    public List<Named> domains(CloudCredentials credentials) {
        OSClient.OSClientV3 os = sessions.open(credentials).client();
        return Failures.call("list domains", () -> os.identity().domains().list()
                .stream().map(d -> new Named(d.getId(), d.getName())).toList());
    }
}
