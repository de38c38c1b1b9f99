package org.stackport.provisioning.bootstrap;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM in the forms kubeadm reads: certificates, PKCS#8 private keys ("PRIVATE KEY") and SubjectPublicKeyInfo
 * public keys ("PUBLIC KEY"). Uses the JDK's providers, so nothing registers BouncyCastle globally.
 */
final class Pem {

    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private Pem() {
    }

    static String certificate(X509Certificate cert) {
        try {
            return block("CERTIFICATE", cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    static String privateKey(PrivateKey key) {
        // getEncoded() of a JDK private key is PKCS#8
        return block("PRIVATE KEY", key.getEncoded());
    }

    static String publicKey(PublicKey key) {
        // getEncoded() of a JDK public key is the DER SubjectPublicKeyInfo
        return block("PUBLIC KEY", key.getEncoded());
    }

    static X509Certificate parseCertificate(String pem) {
        Object o = read(pem);
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException("not a PEM certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("unreadable certificate", e);
        }
    }

    static PrivateKey parsePrivateKey(String pem) {
        Object o = read(pem);
        if (!(o instanceof PrivateKeyInfo info)) {
            throw new IllegalArgumentException("not a PEM PKCS#8 private key");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable private key", e);
        }
    }

    static PublicKey parsePublicKey(String pem) {
        Object o = read(pem);
        if (!(o instanceof SubjectPublicKeyInfo info)) {
            throw new IllegalArgumentException("not a PEM public key");
        }
        try {
            return new JcaPEMKeyConverter().getPublicKey(info);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable public key", e);
        }
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static Object read(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("empty PEM");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o == null) {
                throw new IllegalArgumentException("no PEM block found");
            }
            return o;
        } catch (IOException e) {
            // a StringReader does no I/O: this is malformed content
            throw new IllegalArgumentException("unreadable PEM", e);
        }
    }
}
