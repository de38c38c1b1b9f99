package org.stackport.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.stackport.shared.StackportProperties;

/**
 * Encrypts secrets at rest with AES-256-GCM. The key comes from {@code STACKPORT_SECRET_KEY}
 * (base64 of 32 bytes) or is generated once into {@code <data-dir>/secret.key}, readable by the owner only.
 * Ciphertext format: {@code v1:} + base64(12-byte nonce ‖ ciphertext ‖ tag).
 */
@Component
public class SecretCipher {

    private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(StackportProperties properties) {
        this.key = new SecretKeySpec(loadKey(properties), "AES");
    }

    public String encrypt(String plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt a secret", e);
        }
    }

    public String decrypt(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not a Stackport ciphertext");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Could not decrypt a stored secret: was STACKPORT_SECRET_KEY or the data dir's secret.key changed?", e);
        }
    }

    private static byte[] loadKey(StackportProperties properties) {
        if (properties.secretKey() != null && !properties.secretKey().isBlank()) {
            return decodeKey(properties.secretKey().trim(), "STACKPORT_SECRET_KEY");
        }
        Path file = properties.dataDir().resolve("secret.key");
        try {
            if (Files.exists(file)) {
                return decodeKey(Files.readString(file).trim(), file.toString());
            }
            Files.createDirectories(properties.dataDir());
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            writeOwnerOnly(file, Base64.getEncoder().encodeToString(fresh));
            log.info("Generated a new secret key in {} (keep it with the database: secrets cannot be read without it)", file);
            return fresh;
        } catch (FileAlreadyExistsException raced) {
            return loadKey(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secret key " + file, e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, content);
    }

    private static byte[] decodeKey(String base64, String source) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not base64; generate one with: openssl rand -base64 32");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(source + " must be 32 bytes in base64 (openssl rand -base64 32), not "
                    + raw.length + " bytes");
        }
        return raw;
    }
}
