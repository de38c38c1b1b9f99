package org.stackport.openstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.connectors.okhttp.HttpExecutorServiceImpl;
import org.openstack4j.connectors.okhttp.HttpResponseImpl;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.HttpExecutorService;
import org.openstack4j.core.transport.HttpMethod;
import org.openstack4j.core.transport.HttpRequest;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.core.transport.ObjectMapperSingleton;
import org.openstack4j.openstack.internal.OSAuthenticator;
import org.openstack4j.openstack.internal.OSClientSession;

/**
 * The openstack4j connector (found by openstack4j through {@code META-INF/services}); not for our own code.
 * <p>
 * openstack4j's okhttp connector hands a {@code Config.withSSLContext} context to okhttp without its trust
 * manager, which okhttp refuses on JDK 9+ ("clientBuilder.sslSocketFactory(SSLSocketFactory) not supported"):
 * an account with its own CA certificate could never connect. So requests whose SSL context was made by
 * {@link CloudSessions} for a CA certificate are sent here with okhttp, the context and its trust manager; every
 * other request goes to the library's connector unchanged. The answer is the library's own response type, and
 * a 401 re-authenticates once as the library's connector does.
 */
public final class CaTrustingConnector implements HttpExecutorService {

    private static final String AUTH_COMMAND = "OS4J-Auth-Command";
    private static final String TOKEN = "X-Auth-Token";
    /** SSL contexts we made → their trust managers; weak, so contexts of dropped sessions go away. */
    private static final Map<SSLContext, X509TrustManager> TRUST = Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * How a session's config says where its connections go: its hostname verifier carries the route (asked per
     * request, so a session made before the gateway's agents connected, or one that outlives an agent, goes the way
     * the gateway goes now). Not a map keyed by the config: openstack4j's {@code Config} has value equality, so equal
     * configs of two accounts would share one entry, and an entry would vanish with whichever equal copy was
     * collected first.
     */
    static final class RoutedVerifier implements javax.net.ssl.HostnameVerifier {
        final java.util.function.Supplier<java.util.Optional<InetSocketAddress>> route;
        final javax.net.ssl.HostnameVerifier delegate;

        RoutedVerifier(java.util.function.Supplier<java.util.Optional<InetSocketAddress>> route,
                       javax.net.ssl.HostnameVerifier delegate) {
            this.route = route;
            this.delegate = delegate;
        }

        @Override
        public boolean verify(String host, javax.net.ssl.SSLSession session) {
            return delegate.verify(host, session);
        }
    }
    private static final OkHttpClient BASE = new OkHttpClient.Builder().build();

    private final HttpExecutorService library = new HttpExecutorServiceImpl();

    /** Makes requests with this context trust exactly what {@code trust} trusts. */
    static SSLContext register(SSLContext context, X509TrustManager trust) {
        TRUST.put(context, trust);
        return context;
    }

    /** Makes requests with this config go the way {@code route} says at the time of each request. */
    static Config route(Config config, java.util.function.Supplier<java.util.Optional<InetSocketAddress>> route) {
        javax.net.ssl.HostnameVerifier current = config.getHostNameVerifier();
        javax.net.ssl.HostnameVerifier delegate = config.isIgnoreSSLVerification() ? (host, session) -> true
                : current != null ? current : okhttp3.internal.tls.OkHostnameVerifier.INSTANCE;
        return config.withHostnameVerifier(new RoutedVerifier(route, delegate));
    }

    /** The tunnel proxy this config's requests go through now; null for direct. */
    private static InetSocketAddress proxyOf(Config config) {
        if (config == null || !(config.getHostNameVerifier() instanceof RoutedVerifier routed)) {
            return null;
        }
        try {
            return routed.route.get().orElse(null);
        } catch (CloudFailure e) {
            // e.g. the gateway has no connected agent: the call fails at once with that reason
            throw new ConnectionException(e.cloudMessage(), 0, null);
        }
    }

    @Override
    public <R> HttpResponse execute(HttpRequest<R> request) {
        Config config = request.getConfig();
        SSLContext context = config == null ? null : config.getSslContext();
        X509TrustManager trust = context == null ? null : TRUST.get(context);
        InetSocketAddress proxy = proxyOf(config);
        if (trust == null && proxy == null) {
            return library.execute(request);
        }
        OkHttpClient client = client(config, proxy);
        try {
            Response response = client.newCall(okRequest(request)).execute();
            if (response.code() == 401 && !request.getHeaders().containsKey(AUTH_COMMAND)) {
                response.close();
                OSAuthenticator.reAuthenticate();
                request.getHeaders().put(TOKEN, OSClientSession.getCurrent().getTokenId());
                response = client.newCall(okRequest(request)).execute();
            }
            return HttpResponseImpl.wrap(response);
        } catch (IOException e) {
            throw new ConnectionException(e.getMessage(), 0, e);
        }
    }

    @Override
    public String getExecutorDisplayName() {
        return "OKHttp Connector (with CA certificates)";
    }

    /**
     * An okhttp client for a session's config: its CA certificate (or no verification for an insecure account) and,
     * when the account's gateway has a tunnel, sockets through it. Also for the adapter's own requests.
     */
    static OkHttpClient client(Config config) {
        return client(config, proxyOf(config));
    }

    private static OkHttpClient client(Config config, InetSocketAddress proxy) {
        OkHttpClient.Builder b = BASE.newBuilder();
        SSLContext context = config.getSslContext();
        X509TrustManager trust = context == null ? null : TRUST.get(context);
        if (trust != null) {
            b.sslSocketFactory(context.getSocketFactory(), trust);
        } else if (config.isIgnoreSSLVerification()) {
            SSLContext any = ApplicationCredentials.trustingAnything();
            b.sslSocketFactory(any.getSocketFactory(), ApplicationCredentials.TRUST_ANYTHING);
            b.hostnameVerifier((host, session) -> true);
        }
        if (proxy != null) {
            b.socketFactory(TunnelSocketFactory.of(proxy)).dns(TunnelSocketFactory.DNS).proxy(Proxy.NO_PROXY);
        }
        if (config.getConnectTimeout() > 0) {
            b.connectTimeout(config.getConnectTimeout(), TimeUnit.MILLISECONDS);
        }
        if (config.getReadTimeout() > 0) {
            b.readTimeout(config.getReadTimeout(), TimeUnit.MILLISECONDS);
        }
        if (proxy == null && config.getProxy() != null) {
            b.proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(config.getProxy().getRawHost(), config.getProxy().getPort())));
        }
        if (config.getHostNameVerifier() instanceof RoutedVerifier routed) {
            b.hostnameVerifier(routed.delegate);
        } else if (config.getHostNameVerifier() != null && !config.isIgnoreSSLVerification()) {
            b.hostnameVerifier(config.getHostNameVerifier());
        }
        return b.build();
    }

    private static <R> Request okRequest(HttpRequest<R> request) throws IOException {
        Request.Builder b = new Request.Builder().url(request.getUrl());
        if (request.hasHeaders()) {
            request.getHeaders().forEach((name, value) -> b.addHeader(name, String.valueOf(value)));
        }
        RequestBody body = null;
        Object entity = request.getEntity();
        if (entity instanceof InputStream in) {
            body = RequestBody.create(MediaType.parse(request.getContentType()), in.readAllBytes());
        } else if (entity != null) {
            body = RequestBody.create(MediaType.parse(request.getContentType()),
                    ObjectMapperSingleton.getContext(entity.getClass()).writer().writeValueAsString(entity));
        } else if (request.hasJson()) {
            body = RequestBody.create(MediaType.parse("application/json"), request.getJson());
        } else if (request.getMethod() == HttpMethod.POST || request.getMethod() == HttpMethod.PUT) {
            body = RequestBody.create(null, new byte[0]);
        }
        return b.method(request.getMethod().name(), body).build();
    }
}
