package org.stackport.shared;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;

/**
 * Spring Data JDBC quotes identifiers by default, and then H2 (upper case) and PostgreSQL (lower case)
 * disagree about explicit names such as {@code @MappedCollection(idColumn = "project_id")}. Unquoted,
 * each database folds names its own way and the same mapping works on both.
 */
@Configuration(proxyBeanMethods = false)
class JdbcNamingConfig {

    @Bean
    static BeanPostProcessor unquotedJdbcIdentifiers() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof RelationalMappingContext context) {
                    context.setForceQuote(false);
                }
                return bean;
            }
        };
    }
}
