package org.stackport.openstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.ObjectMapperSingleton;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

/**
 * Keystone tokens from an application credential, which openstack4j 3.12 cannot ask for: the request is posted here
 * and the answer read into openstack4j's own token type, so every later call goes through openstack4j as usual
 * ({@code OSFactory.clientFromToken}). Such a session cannot re-authenticate by itself; {@link CloudSessions} renews
 * it before it expires.
 */
final class ApplicationCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApplicationCredentials() {
    }

    static CloudSession authenticate(CloudCredentials c, Config config, OpenStackProperties properties) {
        String action = "authenticate with application credential " + c.applicationCredentialId() + " at "
                + c.identityEndpoint();
        ObjectNode body = JSON.createObjectNode();
        ObjectNode identity = body.putObject("auth").putObject("identity");
        identity.putArray("methods").add("application_credential");
        identity.putObject("application_credential").put("id", c.applicationCredentialId())
                .put("secret", c.applicationCredentialSecret());
        okhttp3.OkHttpClient http = CaTrustingConnector.client(config).newBuilder()
                .connectTimeout(properties.connectTimeout()).readTimeout(properties.readTimeout()).build();
        Answer answer;
        try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(c.identityEndpoint() + "/auth/tokens")
                .header("Accept", "application/json")
                .post(okhttp3.RequestBody.create(okhttp3.MediaType.parse("application/json"), body.toString())).build())
                .execute()) {
            answer = new Answer(r.code(), r.body() == null ? "" : r.body().string(), r.header("x-openstack-request-id"),
                    r.header("X-Subject-Token"));
        } catch (SSLException e) {
            throw Failures.classify(action, new RuntimeException(e));
        } catch (IOException e) {
            throw new CloudFailure(CloudFailure.Kind.UNAVAILABLE, action, 0, e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage(), null, e);
        }
        String requestId = answer.requestId();
        if (answer.status() != 201) {
            String message = errorMessage(answer.body());
            throw new CloudFailure(Failures.kindOf(answer.status(), message), action, answer.status(), message,
                    requestId, null);
        }
        try {
            KeystoneToken token = ObjectMapperSingleton.getContext(KeystoneToken.class)
                    .readerFor(KeystoneToken.class).readValue(answer.body());
            if (answer.subjectToken() == null) {
                throw new CloudFailure(CloudFailure.Kind.INVALID, action, 201, "Keystone answered without a token",
                        requestId, null);
            }
            token.setId(answer.subjectToken());
            token.setEndpoint(c.identityEndpoint());
            return new CloudSession(token, config, c.region());
        } catch (IOException e) {
            throw new CloudFailure(CloudFailure.Kind.INVALID, action, 201, "Keystone's token could not be read: "
                    + e.getMessage(), requestId, e);
        }
    }

    private record Answer(int status, String body, String requestId, String subjectToken) {
    }

    /** Keystone's {@code {"error": {"message": ...}}}, else the body itself. */
    private static String errorMessage(String body) {
        try {
            String message = JSON.readTree(body).path("error").path("message").asText(null);
            return message != null ? message : body;
        } catch (IOException e) {
            return body;
        }
    }

    static final X509TrustManager TRUST_ANYTHING = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    /** For accounts marked insecure (test clouds only), as openstack4j's {@code withSSLVerificationDisabled}. */
    static SSLContext trustingAnything() {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {TRUST_ANYTHING}, null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
