package org.stackport.shared;

import java.util.Properties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Quartz keeps its jobs in the application's database (tables from a Flyway migration). On PostgreSQL it
 * runs clustered, so several Stackport instances share the work; an H2 file belongs to one process anyway.
 */
@Configuration(proxyBeanMethods = false)
class QuartzConfig {

    @Bean
    SchedulerFactoryBeanCustomizer clusteredOnPostgres(QuartzProperties quartz, DataSourceProperties dataSource) {
        return factory -> {
            Properties properties = new Properties();
            properties.putAll(quartz.getProperties());
            boolean postgres = dataSource.getUrl() != null && dataSource.getUrl().startsWith("jdbc:postgresql:");
            properties.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(postgres));
            factory.setQuartzProperties(properties);
        };
    }
}
