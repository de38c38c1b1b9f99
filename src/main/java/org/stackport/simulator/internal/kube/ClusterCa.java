package org.stackport.simulator.internal.kube;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A cluster's CA as the API server uses it: the pair kubeadm init found in {@code /etc/kubernetes/pki} (or made,
 * when the user data brought none), the discovery hash joining nodes pin, and a TLS context whose serving
 * certificate this CA signs and which trusts client certificates of this CA only.
 */
final class ClusterCa {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate cert;
    private final PrivateKey key;

    private ClusterCa(X509Certificate cert, PrivateKey key) {
        this.cert = cert;
        this.key = key;
    }

    /** The CA pair from PEM; fails as kubeadm does when the key is not the certificate's. */
    static ClusterCa fromPem(String certPem, String keyPem) {
        try (PEMParser certs = new PEMParser(new StringReader(certPem)); PEMParser keys = new PEMParser(new StringReader(keyPem))) {
            Object c = certs.readObject();
            if (!(c instanceof X509CertificateHolder holder)) {
                throw new IllegalArgumentException("ca.crt holds no certificate");
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            Object k = keys.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            PrivateKey key = switch (k) {
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
                case null, default -> throw new IllegalArgumentException("ca.key holds no private key");
            };
            ClusterCa ca = new ClusterCa(cert, key);
            ca.checkPair();
            return ca;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the CA: " + e.getMessage(), e);
        }
    }

    /** What kubeadm init does without a CA in its certificates directory: makes one. */
    static ClusterCa generate() {
        try {
            KeyPair keys = ecKeys();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=kubernetes");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            return new ClusterCa(sign(b, keys.getPrivate()), keys.getPrivate());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a CA", e);
        }
    }

    X509Certificate certificate() {
        return cert;
    }

    /** kubeadm's discovery-token-ca-cert-hash: sha256 of the CA's DER SubjectPublicKeyInfo. */
    String hash() {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean samePublicKey(ClusterCa other) {
        return cert.getPublicKey().equals(other.cert.getPublicKey());
    }

    String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * TLS for the API server: a serving certificate (CN kube-apiserver) for {@code sans} (IP addresses and DNS
     * names) signed by this CA; client certificates are required and must chain to this CA. Validity comes from
     * the machine's clock, as TLS peers check it against theirs.
     */
    SSLContext serverContext(Set<String> sans) {
        try {
            KeyPair keys = ecKeys();
            Instant now = Instant.now();
            Set<GeneralName> names = new LinkedHashSet<>();
            for (String san : sans) {
                names.add(isIp(san) ? new GeneralName(GeneralName.iPAddress, san) : new GeneralName(GeneralName.dNSName, san));
            }
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(cert, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(365))), new X500Name("CN=kube-apiserver"), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            X509Certificate serving = sign(b, key);
            char[] password = Long.toHexString(RANDOM.nextLong()).toCharArray();
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("apiserver", keys.getPrivate(), password, new X509Certificate[] {serving, cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), RANDOM);
            return context;
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the API server's certificate", e);
        }
    }

    private void checkPair() throws GeneralSecurityException {
        byte[] probe = "stackport-simulator".getBytes(StandardCharsets.US_ASCII);
        String algorithm = signatureAlgorithm(key);
        java.security.Signature s = java.security.Signature.getInstance(algorithm);
        s.initSign(key);
        s.update(probe);
        byte[] signature = s.sign();
        java.security.Signature v = java.security.Signature.getInstance(algorithm);
        v.initVerify(cert.getPublicKey());
        v.update(probe);
        if (!v.verify(signature)) {
            throw new IllegalArgumentException("ca.key does not match ca.crt");
        }
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(signatureAlgorithm(signer)).build(signer)));
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM).add(BigInteger.ONE);
    }

    static boolean isIp(String s) {
        if (s.contains(":")) {
            return true;
        }
        return s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** The first address of a service CIDR (10.96.0.1 for 10.96.0.0/12): the "kubernetes" Service's, a SAN. */
    static String firstServiceIp(String serviceSubnet) {
        try {
            String cidr = serviceSubnet.split(",")[0].trim();
            byte[] a = InetAddress.getByName(cidr.substring(0, cidr.indexOf('/'))).getAddress();
            a[a.length - 1] = (byte) (a[a.length - 1] + 1);
            return InetAddress.getByAddress(a).getHostAddress();
        } catch (IOException | RuntimeException e) {
            return "10.96.0.1";
        }
    }

    static List<String> kubernetesNames() {
        return List.of("kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");
    }
}
