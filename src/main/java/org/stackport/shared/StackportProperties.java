package org.stackport.shared;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Stackport's own settings ({@code stackport.*}).
 *
 * @param dataDir    where the H2 database file and the generated secret key live
 * @param secretKey  base64 AES key for secrets at rest (env STACKPORT_SECRET_KEY); generated into the data dir if blank
 * @param admin      the bootstrap admin (env STACKPORT_ADMIN_PASSWORD, STACKPORT_ADMIN_API_KEY)
 * @param login      login throttling
 */
@ConfigurationProperties("stackport")
public record StackportProperties(Path dataDir, String secretKey, Admin admin, Login login) {

    public StackportProperties {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        admin = admin == null ? new Admin(null, null) : admin;
        login = login == null ? new Login(5, java.time.Duration.ofMinutes(5)) : login;
    }

    public record Admin(String password, String apiKey) {
    }

    /** After {@code maxFailures} failed logins in a row the user is locked for {@code lockDuration}. */
    public record Login(int maxFailures, java.time.Duration lockDuration) {
    }
}
