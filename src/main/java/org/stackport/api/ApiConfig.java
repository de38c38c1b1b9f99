package org.stackport.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.stackport.shared.StackportProperties;

@Configuration(proxyBeanMethods = false)
class ApiConfig {

    /**
     * The document names the server as configured ({@code stackport.public-url}) or relative ({@code /}), never from
     * the request's Host header, which a client chooses.
     */
    @Bean
    OpenAPI stackportApi(StackportProperties properties) {
        return new OpenAPI()
                .info(new Info().title("Stackport REST API").version("v1")
                        .description("Kubernetes clusters on your own OpenStack. Errors are RFC 9457 problem details."))
                .servers(List.of(new Server().url(properties.publicUrl() == null ? "/" : properties.publicUrl())));
    }

    /** In front of Spring Security, so that its refusals and failures are answered as problems too. */
    @Bean
    FilterRegistrationBean<ApiBoundary> apiBoundary(StackportProperties properties) {
        FilterRegistrationBean<ApiBoundary> registration = new FilterRegistrationBean<>(new ApiBoundary(properties.api()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setName("apiBoundary");
        return registration;
    }
}
