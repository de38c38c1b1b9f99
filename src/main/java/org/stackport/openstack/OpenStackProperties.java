package org.stackport.openstack;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param connectTimeout  TCP connect timeout for every cloud call
 * @param readTimeout     how long to wait for an answer
 * @param tokenRefreshMargin a token is renewed when it expires within this margin
 */
@ConfigurationProperties("stackport.openstack")
public record OpenStackProperties(Duration connectTimeout, Duration readTimeout, Duration tokenRefreshMargin) {

    public OpenStackProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(60) : readTimeout;
        tokenRefreshMargin = tokenRefreshMargin == null ? Duration.ofMinutes(5) : tokenRefreshMargin;
    }

    public static OpenStackProperties defaults() {
        return new OpenStackProperties(null, null, null);
    }
}
