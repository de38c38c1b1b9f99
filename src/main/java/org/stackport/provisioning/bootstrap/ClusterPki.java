package org.stackport.provisioning.bootstrap;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;

import tools.jackson.databind.json.JsonMapper;

/**
 * A cluster's certificate authorities and service-account key pair, all PEM (certificates as X.509, private keys
 * as PKCS#8, the service-account public key as SubjectPublicKeyInfo): the files kubeadm expects in
 * {@code /etc/kubernetes/pki/}. Stackport generates them once, when a cluster is created, so that it can write
 * them into every control-plane node's user data, give workers the CA hash to pin, and sign kubeconfig client
 * certificates without asking the cluster.
 *
 * <p>The record holds private keys in the clear: {@link #toJson()} is meant to be encrypted by the caller before
 * it is stored, and {@link #toString()} shows only subjects and fingerprints.
 */
public record ClusterPki(String caCert, String caKey, String etcdCaCert, String etcdCaKey, String frontProxyCaCert,
                         String frontProxyCaKey, String serviceAccountPublicKey, String serviceAccountPrivateKey) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public ClusterPki {
        Objects.requireNonNull(caCert, "caCert");
        Objects.requireNonNull(caKey, "caKey");
        Objects.requireNonNull(etcdCaCert, "etcdCaCert");
        Objects.requireNonNull(etcdCaKey, "etcdCaKey");
        Objects.requireNonNull(frontProxyCaCert, "frontProxyCaCert");
        Objects.requireNonNull(frontProxyCaKey, "frontProxyCaKey");
        Objects.requireNonNull(serviceAccountPublicKey, "serviceAccountPublicKey");
        Objects.requireNonNull(serviceAccountPrivateKey, "serviceAccountPrivateKey");
    }

    /**
     * Generates the three CAs with the common names kubeadm gives them ("kubernetes", "etcd-ca",
     * "front-proxy-ca"; the cluster name as organizational unit, so the CAs of different clusters tell apart),
     * valid for ten years from {@code clock}, and the service-account key pair. Keys are RSA 2048; see
     * {@link Certificates} for why.
     */
    public static ClusterPki generate(String clusterName, Clock clock) {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("a cluster name is required");
        }
        Instant now = clock.instant();
        KeyPair ca = Certificates.rsa2048();
        KeyPair etcd = Certificates.rsa2048();
        KeyPair frontProxy = Certificates.rsa2048();
        KeyPair sa = Certificates.rsa2048();
        return new ClusterPki(
                Pem.certificate(Certificates.selfSignedCa(caName("kubernetes", clusterName), ca, now)),
                Pem.privateKey(ca.getPrivate()),
                Pem.certificate(Certificates.selfSignedCa(caName("etcd-ca", clusterName), etcd, now)),
                Pem.privateKey(etcd.getPrivate()),
                Pem.certificate(Certificates.selfSignedCa(caName("front-proxy-ca", clusterName), frontProxy, now)),
                Pem.privateKey(frontProxy.getPrivate()),
                Pem.publicKey(sa.getPublic()),
                Pem.privateKey(sa.getPrivate()));
    }

    public X509Certificate caCertificate() {
        return Pem.parseCertificate(caCert);
    }

    public X509Certificate etcdCaCertificate() {
        return Pem.parseCertificate(etcdCaCert);
    }

    public X509Certificate frontProxyCaCertificate() {
        return Pem.parseCertificate(frontProxyCaCert);
    }

    /**
     * What kubeadm calls the discovery-token-ca-cert-hash: {@code "sha256:"} and the lowercase hex SHA-256 of the
     * cluster CA's DER SubjectPublicKeyInfo. A joining node pins the CA by it, so a token alone cannot be used to
     * send it to an impostor API server.
     */
    public String caCertHash() {
        return "sha256:" + Certificates.sha256Hex(caCertificate().getPublicKey().getEncoded());
    }

    /**
     * Signs a client certificate (extended key usage clientAuth) with the cluster CA for a new RSA 2048 key. The
     * API server takes the common name as user name and each organization as a group (for instance
     * {@code kubeadm:cluster-admins}). It is valid from {@link Certificates#CLOCK_SKEW} before now until now plus
     * {@code validity}, which must end before the CA does.
     */
    public SignedCertificate signClientCertificate(String commonName, List<String> organizations, Duration validity,
                                                   Clock clock) {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("a common name is required");
        }
        List<String> groups = List.copyOf(organizations);
        if (groups.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("organizations must not be blank");
        }
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
        X509Certificate ca = caCertificate();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(ca.getNotAfter().toInstant())) {
            throw new IllegalArgumentException("a certificate valid until " + notAfter
                    + " would outlive the cluster CA (valid until " + ca.getNotAfter().toInstant() + ")");
        }
        PrivateKey signer = Pem.parsePrivateKey(caKey);
        KeyPair keys = Certificates.rsa2048();
        X509Certificate cert = Certificates.clientCertificate(ca, signer,
                Certificates.name(commonName, null, groups), keys.getPublic(), now.minus(Certificates.CLOCK_SKEW),
                notAfter);
        return new SignedCertificate(Pem.certificate(cert), Pem.privateKey(keys.getPrivate()));
    }

    /** All eight PEM strings as JSON, private keys included: encrypt before storing. */
    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    public static ClusterPki fromJson(String json) {
        return JSON.readValue(json, ClusterPki.class);
    }

    /** Subjects and SHA-256 fingerprints only; never a key. */
    @Override
    public String toString() {
        return "ClusterPki[ca=" + describe(caCert) + ", etcdCa=" + describe(etcdCaCert) + ", frontProxyCa="
                + describe(frontProxyCaCert) + ", serviceAccountKey=" + describePublicKey(serviceAccountPublicKey) + "]";
    }

    private static String describe(String pem) {
        try {
            X509Certificate c = Pem.parseCertificate(pem);
            return c.getSubjectX500Principal().getName() + " (certificate sha256:" + Certificates.sha256Hex(c.getEncoded())
                    + ")";
        } catch (IllegalArgumentException | CertificateEncodingException e) {
            return "(unreadable)";
        }
    }

    private static String describePublicKey(String pem) {
        try {
            return "sha256:" + Certificates.sha256Hex(Pem.parsePublicKey(pem).getEncoded());
        } catch (IllegalArgumentException e) {
            return "(unreadable)";
        }
    }

    private static X500Name caName(String commonName, String clusterName) {
        return Certificates.name(commonName, clusterName, List.of());
    }
}
