package org.stackport.simulator.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for the simulator's HTTPS mode: a self-signed CA made at start that signs one server
 * certificate for 127.0.0.1 and localhost. Nothing touches the disk; the keys live in an in-memory key store
 * and die with the simulator, so a client can only trust this run's server through {@link #caCertificatePem()}.
 */
public final class SimTls {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SIGNATURE = "SHA256withECDSA";

    private final X509Certificate ca;
    private final SSLContext sslContext;

    private SimTls(X509Certificate ca, SSLContext sslContext) {
        this.ca = ca;
        this.sslContext = sslContext;
    }

    /**
     * A new CA and server certificate. Validity is from the machine's real time, not the simulator's clock:
     * TLS clients check it against their own clock, and tests run the simulator on a manual one.
     */
    public static SimTls generate() {
        try {
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofHours(1)));
            Date until = Date.from(now.plus(Duration.ofDays(365)));
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();

            KeyPair caKeys = keyPair();
            X500Name caName = new X500Name("CN=Stackport OpenStack simulator CA " + Long.toHexString(RANDOM.nextLong()));
            X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, serial(), from, until, caName,
                    caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate ca = sign(caBuilder, caKeys);

            KeyPair serverKeys = keyPair();
            X509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(ca, serial(), from, until,
                    new X500Name("CN=localhost"), serverKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.dNSName, "localhost")}))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(serverKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            X509Certificate server = sign(serverBuilder, caKeys);

            char[] password = Long.toHexString(RANDOM.nextLong()).toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", serverKeys.getPrivate(), password, new X509Certificate[] {server, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, RANDOM);
            return new SimTls(ca, context);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot create the simulator's TLS certificates", e);
        }
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    /** The CA certificate as PEM, what a cloud account's "CA certificate" field takes. */
    public String caCertificatePem() {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuer.getPrivate())));
    }
}
