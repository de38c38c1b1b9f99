package org.stackport.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackport.shared.StackportProperties;

class SecretCipherTest {

    @TempDir
    Path dataDir;

    private SecretCipher cipher(String key) {
        return new SecretCipher(new StackportProperties(dataDir, key, null, null, null, null));
    }

    @Test
    void a_secret_round_trips_and_its_ciphertext_neither_shows_it_nor_repeats() {
        SecretCipher cipher = cipher(null);
        String a = cipher.encrypt("s3cret-password");
        String b = cipher.encrypt("s3cret-password");
        assertThat(a).startsWith("v1:").doesNotContain("s3cret").isNotEqualTo(b);
        assertThat(cipher.decrypt(a)).isEqualTo("s3cret-password");
    }

    @Test
    void a_generated_key_is_written_once_readable_by_the_owner_only_and_reused() throws Exception {
        String sealed = cipher(null).encrypt("x");
        Path file = dataDir.resolve("secret.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        byte[] first = Files.readAllBytes(file);
        SecretCipher again = cipher(null);
        assertThat(Files.readAllBytes(file)).isEqualTo(first);
        assertThat(again.decrypt(sealed)).isEqualTo("x");
    }

    @Test
    void a_key_from_the_environment_is_used_instead_of_a_file() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        String sealed = cipher(key).encrypt("y");
        assertThat(dataDir.resolve("secret.key")).doesNotExist();
        assertThat(cipher(key).decrypt(sealed)).isEqualTo("y");
        assertThatThrownBy(() -> cipher(null).decrypt(sealed)).hasMessageContaining("secret.key changed");
    }

    @Test
    void a_malformed_key_is_refused_with_how_to_make_one() {
        assertThatThrownBy(() -> cipher("too-short")).hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    void tampered_ciphertext_is_refused() {
        SecretCipher cipher = cipher(null);
        String sealed = cipher.encrypt("z");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt("v1:" + Base64.getEncoder().encodeToString(raw)))
                .isInstanceOf(IllegalStateException.class);
    }
}
