package org.stackport.persistence;

import java.nio.file.Path;
import java.util.List;
import org.stackport.support.TestPostgres;

/**
 * Stackport on a real PostgreSQL (a throw-away server from the Debian binaries): the database for
 * production and for several instances sharing the work, so Quartz must run clustered here.
 */
class PostgresMigrationIT extends DatabaseChecks {

    private TestPostgres postgres;

    @Override
    List<String> startDatabase(Path directory) {
        postgres = TestPostgres.start();
        return postgres.springArguments();
    }

    @Override
    void stopDatabase() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    boolean clustered() {
        return true;
    }
}
