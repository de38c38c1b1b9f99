package org.stackport.support;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.context.support.GenericWebApplicationContext;
import org.stackport.StackportApplication;

/**
 * Starts the whole application under the test profile, as many times as a test likes, with a mock
 * servlet context instead of a web server (as {@code @SpringBootTest}'s default does). The security
 * filter chains need a web application, so {@code WebApplicationType.NONE} cannot start; without a
 * server, Vaadin's class-path scan (seconds per start) is skipped too.
 */
public final class TestApplication {

    private TestApplication() {
    }

    /** Arguments are {@code --property=value}, which win over the test profile and the environment. */
    public static ConfigurableApplicationContext start(String... arguments) {
        return new SpringApplicationBuilder(StackportApplication.class)
                .profiles("test")
                .web(WebApplicationType.SERVLET)
                .contextFactory(type -> new GenericWebApplicationContext(new MockServletContext()))
                .run(arguments);
    }
}
