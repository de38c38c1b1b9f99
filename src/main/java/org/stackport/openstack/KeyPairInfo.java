package org.stackport.openstack;

/**
 * A Nova key pair. {@code privateKey} is only present right after Nova generated the pair (no public key
 * given) and is never shown again, so it is kept out of {@link #toString()}.
 */
public record KeyPairInfo(String name, String fingerprint, String publicKey, String privateKey) {

    @Override
    public String toString() {
        return "KeyPairInfo[name=" + name + ", fingerprint=" + fingerprint
                + (privateKey == null ? "" : ", privateKey=********") + "]";
    }
}
