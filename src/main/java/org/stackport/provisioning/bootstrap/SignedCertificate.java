package org.stackport.provisioning.bootstrap;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate and its freshly generated private key, both PEM (the key PKCS#8), as a kubeconfig or a client
 * needs them. Its {@link #toString()} never shows the key.
 */
public record SignedCertificate(String certPem, String keyPem) {

    public SignedCertificate {
        Objects.requireNonNull(certPem, "certPem");
        Objects.requireNonNull(keyPem, "keyPem");
    }

    public X509Certificate certificate() {
        return Pem.parseCertificate(certPem);
    }

    @Override
    public String toString() {
        X509Certificate c = certificate();
        return "SignedCertificate[subject=" + c.getSubjectX500Principal().getName() + ", notAfter="
                + c.getNotAfter().toInstant() + ", key=(hidden)]";
    }
}
