package org.stackport.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The data directory holds the database file and the secret key: only the account Stackport runs as may read it.
 * It is made (or narrowed to) {@code rwx------} before anything opens the database, and the files in it are made
 * {@code rw-------} once started (H2 creates its files with the process's umask, usually world-readable).
 */
@Component
class DataDirectory implements BeanFactoryPostProcessor, EnvironmentAware, ApplicationListener<ApplicationStartedEvent> {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private Path directory;

    @Override
    public void setEnvironment(Environment environment) {
        directory = Path.of(environment.getProperty("stackport.data-dir", "data"));
    }

    /** Runs before any bean (the data source among them) is made. */
    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!POSIX) {
            return;
        }
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the data directory " + directory.toAbsolutePath(), e);
        }
        ownerOnly();
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        ownerOnly();
    }

    private void ownerOnly() {
        if (!POSIX || !Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                try {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
                } catch (IOException e) {
                    log.warn("Could not make {} readable by its owner only: {}", f, e.getMessage());
                }
            });
        } catch (IOException e) {
            log.warn("Could not read the data directory {}: {}", directory, e.getMessage());
        }
    }
}
