package org.stackport.provisioning.bootstrap;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kubeadm bootstrap token, {@code [a-z0-9]{6}.[a-z0-9]{16}}: the id is public (it names the token's Secret in
 * kube-system), the secret is what lets a node join. Stackport generates it before the first control-plane node
 * exists, so the same token can go into that node's InitConfiguration and into every joining node's user data.
 * {@link #toString()} hides the secret.
 */
public record BootstrapToken(String id, String secret) {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern ID = Pattern.compile("[a-z0-9]{6}");
    private static final Pattern SECRET = Pattern.compile("[a-z0-9]{16}");

    public BootstrapToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
        if (!ID.matcher(id).matches() || !SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("a bootstrap token is [a-z0-9]{6}.[a-z0-9]{16}");
        }
    }

    /** 6 + 16 characters drawn uniformly (nextInt has no modulo bias) from [a-z0-9]: about 82 bits in the secret. */
    public static BootstrapToken generate(SecureRandom random) {
        return new BootstrapToken(draw(random, 6), draw(random, 16));
    }

    /** Reads "id.secret" as kubeadm prints it. */
    public static BootstrapToken parse(String value) {
        int dot = value == null ? -1 : value.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("a bootstrap token is [a-z0-9]{6}.[a-z0-9]{16}");
        }
        return new BootstrapToken(value.substring(0, dot), value.substring(dot + 1));
    }

    /** The token as kubeadm takes it: id + "." + secret. */
    public String value() {
        return id + "." + secret;
    }

    @Override
    public String toString() {
        return "BootstrapToken[id=" + id + ", secret=****************]";
    }

    private static String draw(SecureRandom random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
