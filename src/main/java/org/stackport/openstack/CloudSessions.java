package org.stackport.openstack;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.openstack4j.api.OSClient;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.openstack.OSFactory;
import org.springframework.stereotype.Component;

/**
 * One token per cloud account: authenticate once, reuse the token on any thread, renew it shortly before
 * it expires. A password change gives a new cache entry (the key includes a digest of the password).
 */
@Component
public class CloudSessions {

    private final Map<String, CloudSession> sessions = new ConcurrentHashMap<>();
    private final OpenStackProperties properties;
    private final Clock clock;
    private final CloudRoutes routes;

    /** Every account reached directly (the adapter's own tests). */
    public CloudSessions(OpenStackProperties properties, Clock clock) {
        this(properties, clock, (CloudRoutes) null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public CloudSessions(OpenStackProperties properties, Clock clock,
                         org.springframework.beans.factory.ObjectProvider<CloudRoutes> routes) {
        this(properties, clock, routes.getIfAvailable());
    }

    public CloudSessions(OpenStackProperties properties, Clock clock, CloudRoutes routes) {
        this.properties = properties;
        this.clock = clock;
        this.routes = routes;
    }

    /** A valid session for these credentials, authenticating if there is none or it is about to expire. */
    public CloudSession open(CloudCredentials credentials) {
        String key = credentials.cacheKey();
        CloudSession current = sessions.get(key);
        if (current != null && clock.instant().plus(properties.tokenRefreshMargin()).isBefore(current.expiresAt())) {
            return current;
        }
        CloudSession fresh = authenticate(credentials);
        sessions.put(key, fresh);
        return fresh;
    }

    /** Forgets the cached token (e.g. after the cloud revoked it); the next call authenticates again. */
    public void forget(CloudCredentials credentials) {
        sessions.remove(credentials.cacheKey());
    }

    /** Authenticates without caching: the check made before credentials are stored. */
    public CloudSession authenticate(CloudCredentials c) {
        CloudSession session = login(c);
        if (c.route() != null && routes != null) {
            // the catalog names the endpoints the account's calls go to: the tunnel may carry exactly those
            java.util.List<String> endpoints = new java.util.ArrayList<>();
            for (var service : session.token().getCatalog()) {
                for (var endpoint : service.getEndpoints()) {
                    try {
                        endpoints.add(CloudRoutes.destination(endpoint.getUrl().toURI()));
                    } catch (java.net.URISyntaxException | RuntimeException ignored) {
                        // an endpoint that is no URL is never called
                    }
                }
            }
            routes.allow(c.route(), endpoints);
        }
        return session;
    }

    private CloudSession login(CloudCredentials c) {
        Config config = config(c);
        if (c.usesApplicationCredential()) {
            return ApplicationCredentials.authenticate(c, config, properties);
        }
        return Failures.call("authenticate with Keystone at " + c.identityEndpoint(), () -> {
            OSClient.OSClientV3 client = OSFactory.builderV3()
                    .endpoint(c.identityEndpoint())
                    .credentials(c.username(), c.password(), Identifier.byName(c.domain()))
                    .scopeToProject(Identifier.byName(c.project()), Identifier.byName(c.domain()))
                    .withConfig(config)
                    .authenticate();
            return new CloudSession(client.getToken(), config, c.region());
        });
    }

    Config config(CloudCredentials c) {
        Config config = Config.newConfig()
                .withConnectionTimeout((int) properties.connectTimeout().toMillis())
                .withReadTimeout((int) properties.readTimeout().toMillis());
        if (c.insecure()) {
            config.withSSLVerificationDisabled();
        } else if (c.caCertificate() != null && !c.caCertificate().isBlank()) {
            config.withSSLContext(trusting(c.caCertificate()));
        }
        if (c.route() != null && routes != null) {
            routes.allow(c.route(), java.util.List.of(CloudRoutes.destination(java.net.URI.create(c.identityEndpoint()))));
            CaTrustingConnector.route(config, () -> routes.proxy(c.route()));
        }
        return config;
    }

    /**
     * For clients outside openstack4j (the Kubernetes client): the loopback proxy of the account's gateway tunnel,
     * which may carry connections to {@code destination} ({@code host:port}, e.g. a cluster's API); empty when direct.
     */
    public java.util.Optional<java.net.InetSocketAddress> proxyFor(CloudCredentials c, String destination) {
        if (c.route() == null || routes == null) {
            return java.util.Optional.empty();
        }
        routes.allow(c.route(), java.util.List.of(destination));
        return routes.proxy(c.route());
    }

    /** An SSL context that trusts exactly the given PEM certificates. */
    static SSLContext trusting(String pem) {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("no certificate found");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : certs) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            X509TrustManager trust = Arrays.stream(tmf.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                    .map(X509TrustManager.class::cast).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the JVM offers no X.509 trust manager"));
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {trust}, null);
            // openstack4j's own connector cannot use this context on JDK 9+: see CaTrustingConnector
            return CaTrustingConnector.register(ssl, trust);
        } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
            throw new CloudFailure(CloudFailure.Kind.INVALID, "read the CA certificate", 0,
                    "the CA certificate is not a valid PEM X.509 certificate: " + e.getMessage(), null, e);
        }
    }
}
