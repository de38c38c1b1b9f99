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
 * @param api        how much of the REST API one caller may hold at once
 * @param publicUrl  the address people reach Stackport at (redirects, the OpenAPI document); blank = no absolute
 *                   address is made from the request's Host header
 */
@ConfigurationProperties("stackport")
public record StackportProperties(Path dataDir, String secretKey, Admin admin, Login login, Api api,
                                  String publicUrl) {

    public StackportProperties {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        admin = admin == null ? new Admin(null, null) : admin;
        login = login == null ? new Login(5, java.time.Duration.ofMinutes(5), 20) : login;
        api = api == null ? new Api(4, 32, java.time.Duration.ofSeconds(10)) : api;
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.strip();
    }

    public record Admin(String password, String apiKey) {
    }

    /**
     * After {@code maxFailures} failed sign-ins in a row for one user name from one address, that name is refused
     * from that address for {@code lockDuration} (the owner elsewhere still gets in); an address with
     * {@code maxFailuresPerAddress} failures over any names is refused for as long.
     */
    public record Login(int maxFailures, java.time.Duration lockDuration, int maxFailuresPerAddress) {
        public Login {
            maxFailuresPerAddress = maxFailuresPerAddress <= 0 ? 20 : maxFailuresPerAddress;
        }
    }

    /**
     * One caller (API key, or address without one) has at most {@code maxConcurrentPerCaller} requests running;
     * up to {@code maxQueuedPerCaller} more wait at most {@code queueWait}; beyond that 429.
     */
    public record Api(int maxConcurrentPerCaller, int maxQueuedPerCaller, java.time.Duration queueWait) {
        public Api {
            maxConcurrentPerCaller = maxConcurrentPerCaller <= 0 ? 4 : maxConcurrentPerCaller;
            maxQueuedPerCaller = Math.max(0, maxQueuedPerCaller);
            queueWait = queueWait == null ? java.time.Duration.ofSeconds(10) : queueWait;
        }
    }
}
