package org.stackport.api;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.stackport.shared.StackportProperties;

@Configuration(proxyBeanMethods = false)
class ApiConfig {

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
