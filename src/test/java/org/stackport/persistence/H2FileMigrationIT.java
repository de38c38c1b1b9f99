package org.stackport.persistence;

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
}
