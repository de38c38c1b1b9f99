package org.stackport.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

/**
 * Stackport on its default database, H2 in a file under the data dir: one process owns the file, so
 * Quartz runs unclustered.
 */
class H2FileMigrationIT extends DatabaseChecks {

    @Override
    List<String> startDatabase(Path directory) {
        return List.of("--spring.datasource.url=jdbc:h2:file:" + directory.resolve("stackport")
                + ";MODE=PostgreSQL;AUTO_SERVER=FALSE");
    }

    @Override
    void stopDatabase() {
        // H2 closes its file with the last connection, when the application closes its pool.
    }

    @Override
    boolean clustered() {
        return false;
    }

    @Test
    void the_data_directory_and_every_file_in_it_are_readable_by_the_owner_only() throws Exception {
        assertThat(Files.getPosixFilePermissions(dataDir)).containsExactlyInAnyOrderElementsOf(
                PosixFilePermissions.fromString("rwx------"));
        try (var files = Files.list(dataDir)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertThat(all).anySatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".mv.db"));
            for (Path f : all) {
                assertThat(Files.getPosixFilePermissions(f)).as(f.toString())
                        .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("rw-------"));
            }
        }
    }
}
