package org.stackport.provisioning.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClusterPkiTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.250Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    // RSA key generation is the slow part: generate once for the class
    private static ClusterPki pki;

    @BeforeAll
    static void generate() {
        pki = ClusterPki.generate("prod-eu", CLOCK);
    }

    private static List<X509Certificate> cas() {
        return List.of(pki.caCertificate(), pki.etcdCaCertificate(), pki.frontProxyCaCertificate());
    }

    @Test
    void the_three_cas_carry_the_names_kubeadm_gives_them_and_the_cluster_name() {
        assertThat(cas()).extracting(c -> c.getSubjectX500Principal().getName()).containsExactly(
                "CN=kubernetes,OU=prod-eu", "CN=etcd-ca,OU=prod-eu", "CN=front-proxy-ca,OU=prod-eu");
    }

    @Test
    void generated_cas_are_self_signed_critical_cas_that_verify() throws Exception {
        for (X509Certificate c : cas()) {
            assertThat(c.getBasicConstraints()).as("CA with unlimited path length").isEqualTo(Integer.MAX_VALUE);
            assertThat(c.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
            // keyUsage bits: digitalSignature(0), keyCertSign(5), cRLSign(6)
            boolean[] ku = c.getKeyUsage();
            assertThat(ku[0]).isTrue();
            assertThat(ku[5]).isTrue();
            assertThat(ku[6]).isTrue();
            assertThat(c.getExtensionValue("2.5.29.14")).as("subject key identifier").isNotNull();
            assertThat(c.getIssuerX500Principal()).isEqualTo(c.getSubjectX500Principal());
            c.verify(c.getPublicKey());
            assertThat(c.getPublicKey()).isInstanceOf(RSAPublicKey.class);
            assertThat(((RSAPublicKey) c.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        }
    }

    @Test
    void generated_cas_are_valid_for_ten_years_from_the_clock() {
        for (X509Certificate c : cas()) {
            assertThat(c.getNotBefore().toInstant()).isBeforeOrEqualTo(NOW)
                    .isAfterOrEqualTo(NOW.minus(Duration.ofMinutes(10)));
            assertThat(c.getNotAfter().toInstant()).isEqualTo(Instant.parse("2036-03-01T10:15:30Z"));
        }
    }

    @Test
    void generated_cas_have_distinct_positive_serials_of_at_most_128_bits() {
        ClusterPki other = ClusterPki.generate("prod-eu", CLOCK);
        Set<BigInteger> serials = Stream.concat(cas().stream(), Stream.of(other.caCertificate(),
                other.etcdCaCertificate(), other.frontProxyCaCertificate()))
                .map(X509Certificate::getSerialNumber).collect(Collectors.toSet());
        assertThat(serials).hasSize(6).allSatisfy(s -> {
            assertThat(s.signum()).isPositive();
            assertThat(s.bitLength()).isLessThanOrEqualTo(128);
        });
    }

    @Test
    void each_ca_key_belongs_to_its_certificate() throws Exception {
        assertMatches(pki.caKey(), pki.caCertificate());
        assertMatches(pki.etcdCaKey(), pki.etcdCaCertificate());
        assertMatches(pki.frontProxyCaKey(), pki.frontProxyCaCertificate());
    }

    @Test
    void the_service_account_key_pair_is_pkcs8_and_spki_rsa_2048_and_matches() throws Exception {
        assertThat(pki.serviceAccountPrivateKey()).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(pki.serviceAccountPublicKey()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        RSAPrivateCrtKey priv = (RSAPrivateCrtKey) Pem.parsePrivateKey(pki.serviceAccountPrivateKey());
        RSAPublicKey pub = (RSAPublicKey) Pem.parsePublicKey(pki.serviceAccountPublicKey());
        assertThat(pub.getModulus().bitLength()).isEqualTo(2048);
        assertThat(priv.getModulus()).isEqualTo(pub.getModulus());
        assertThat(priv.getPublicExponent()).isEqualTo(pub.getPublicExponent());
    }

    @Test
    void ca_cert_hash_is_the_sha256_of_the_ca_subject_public_key_info() throws Exception {
        byte[] spki = pki.caCertificate().getPublicKey().getEncoded();
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));
        assertThat(pki.caCertHash()).isEqualTo(expected).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void a_signed_client_certificate_verifies_against_the_ca_with_the_given_names_and_validity() throws Exception {
        Clock later = Clock.fixed(NOW.plus(Duration.ofDays(30)), ZoneOffset.UTC);
        SignedCertificate signed = pki.signClientCertificate("alice@example.com",
                List.of("kubeadm:cluster-admins", "team-a"), Duration.ofHours(8), later);
        X509Certificate c = signed.certificate();

        c.verify(pki.caCertificate().getPublicKey());
        assertThat(c.getIssuerX500Principal()).isEqualTo(pki.caCertificate().getSubjectX500Principal());
        assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(c.getBasicConstraints()).isEqualTo(-1);
        assertThat(c.getSubjectX500Principal().getName())
                .isEqualTo("CN=alice@example.com,O=team-a,O=kubeadm:cluster-admins");
        Instant start = later.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertThat(c.getNotAfter().toInstant()).isEqualTo(start.plus(Duration.ofHours(8)));
        assertThat(c.getNotBefore().toInstant()).isBeforeOrEqualTo(start);
        assertMatches(signed.keyPem(), c);
        assertThat(signed.toString()).contains("alice@example.com").doesNotContain("PRIVATE KEY");
    }

    @Test
    void a_client_certificate_may_not_outlive_the_ca() {
        assertThatThrownBy(() -> pki.signClientCertificate("alice", List.of(), Duration.ofDays(3700), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outlive the cluster CA");
        assertThatThrownBy(() -> pki.signClientCertificate(" ", List.of(), Duration.ofHours(1), CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pki.signClientCertificate("alice", List.of(), Duration.ZERO, CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void json_round_trip_gives_back_the_same_material() {
        String json = pki.toJson();
        assertThat(ClusterPki.fromJson(json)).isEqualTo(pki);
        assertThat(json).contains("\"caCert\"", "\"serviceAccountPrivateKey\"").doesNotContain("caCertHash");
    }

    @Test
    void to_string_shows_subjects_and_fingerprints_but_no_key() {
        assertThat(pki.toString()).contains("CN=kubernetes", "CN=etcd-ca", "CN=front-proxy-ca", "sha256:")
                .doesNotContain("PRIVATE KEY").doesNotContain(pki.caKey().substring(30, 90));
    }

    private static void assertMatches(String keyPem, X509Certificate cert) throws Exception {
        byte[] data = "proof of possession".getBytes();
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(Pem.parsePrivateKey(keyPem));
        s.update(data);
        byte[] sig = s.sign();
        s.initVerify(cert.getPublicKey());
        s.update(data);
        assertThat(s.verify(sig)).isTrue();
    }
}
