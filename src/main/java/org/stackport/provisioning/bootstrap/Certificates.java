package org.stackport.provisioning.bootstrap;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Key generation and certificate building with BouncyCastle's builders on the JDK's providers.
 *
 * <p>Keys are RSA 2048 with SHA256withRSA signatures: what kubeadm itself generates by default (the v1beta3 API
 * has no way to ask for anything else), so the CA matches the leaf certificates kubeadm signs with it, and every
 * client Stackport hands a kubeconfig to (kubectl, Java and Python clients, older tooling) reads it. ECDSA P-256
 * would make keys smaller and faster to generate, but user data stays far below Nova's limit either way.
 */
final class Certificates {

    /** Certificates start this much before "now" so a node whose clock lags a little still accepts them. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final String SIGNATURE = "SHA256withRSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {
    }

    static KeyPair rsa2048() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no RSA", e);
        }
    }

    /** A random positive 128-bit serial (RFC 5280 allows up to 20 octets; kubeadm uses random serials too). */
    static BigInteger serial() {
        BigInteger s;
        do {
            s = new BigInteger(128, RANDOM);
        } while (s.signum() == 0);
        return s;
    }

    static X500Name name(String commonName, String organizationalUnit, List<String> organizations) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        organizations.forEach(o -> b.addRDN(BCStyle.O, o));
        if (organizationalUnit != null) {
            b.addRDN(BCStyle.OU, organizationalUnit);
        }
        b.addRDN(BCStyle.CN, commonName);
        return b.build();
    }

    /** Ten calendar years from {@code now}, truncated to seconds as X.509 time is. */
    static Instant tenYearsFrom(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC).plusYears(10).toInstant();
    }

    static X509Certificate selfSignedCa(X500Name subject, KeyPair keys, Instant now) {
        Instant from = now.truncatedTo(ChronoUnit.SECONDS).minus(CLOCK_SKEW);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(from),
                    Date.from(tenYearsFrom(now)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(keys.getPublic()));
            return sign(b, keys.getPrivate());
        } catch (NoSuchAlgorithmException | CertIOException e) {
            throw new IllegalStateException("cannot build CA certificate", e);
        }
    }

    static X509Certificate clientCertificate(X509Certificate ca, PrivateKey caKey, X500Name subject, PublicKey key,
                                             Instant notBefore, Instant notAfter) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(notBefore),
                    Date.from(notAfter), subject, key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            return sign(b, caKey);
        } catch (NoSuchAlgorithmException | CertIOException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot build client certificate", e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign certificate", e);
        }
    }
}
