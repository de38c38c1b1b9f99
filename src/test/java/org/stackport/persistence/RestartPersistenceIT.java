package org.stackport.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.stackport.security.SecretCipher;
import org.stackport.support.RunAs;
import org.stackport.support.TestApplication;
import org.stackport.tenancy.ProjectService;
import org.stackport.tenancy.UserService;
import org.stackport.tenancy.UserSummary;

/**
 * The default set-up, H2 in a file under the data dir with a generated secret key, keeps everything
 * across a restart: data, the one bootstrap admin, and the key that opens the secrets stored before.
 */
class RestartPersistenceIT {

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext start() {
        return TestApplication.start(
                "--stackport.data-dir=" + dataDir,
                // As configured by default, not the test profile's in-memory database.
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("stackport") + ";MODE=PostgreSQL;AUTO_SERVER=FALSE",
                // Blank, whatever the environment says, so the key file is generated.
                "--stackport.secret-key=");
    }

    @Test
    void data_survives_a_restart_with_the_same_admin_and_secret_key() throws Exception {
        Path keyFile = dataDir.resolve("secret.key");
        String ciphertext;
        byte[] key;
        Map<String, Object> admin;

        try (ConfigurableApplicationContext app = start()) {
            RunAs.admin(() -> {
                app.getBean(ProjectService.class).create("survivor", "made before the restart");
                app.getBean(UserService.class).create("keeper", "Durable-Secret-42", false);
            });
            ciphertext = app.getBean(SecretCipher.class).encrypt("cloud password");
            key = Files.readAllBytes(keyFile);
            admin = adminRow(app);
        }
        assertThat(dataDir.resolve("stackport.mv.db")).exists();
        assertThat(dataDir.resolve("stackport.lock.db")).as("H2 released the database file").doesNotExist();

        try (ConfigurableApplicationContext app = start()) {
            var projects = app.getBean(ProjectService.class);
            var users = app.getBean(UserService.class);
            RunAs.admin(() -> {
                assertThat(projects.get("survivor").description()).isEqualTo("made before the restart");
                assertThat(users.list(0, 100)).extracting(UserSummary::username)
                        .containsOnlyOnce("admin", "keeper");
            });
            var jdbc = app.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select count(*) from tenant").query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from project where name = 'default'").query(Long.class).single())
                    .isEqualTo(1);
            assertThat(adminRow(app)).as("the admin was not bootstrapped again").isEqualTo(admin);
            assertThat(jdbc.sql("select count(*) from api_key where name = 'bootstrap'").query(Long.class).single())
                    .as("the bootstrap API key was not registered again").isEqualTo(1);

            assertThat(Files.readAllBytes(keyFile)).as("the key file was reused").isEqualTo(key);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            assertThat(app.getBean(SecretCipher.class).decrypt(ciphertext)).isEqualTo("cloud password");
        }
    }

    private static Map<String, Object> adminRow(ConfigurableApplicationContext app) {
        return app.getBean(JdbcClient.class)
                .sql("select id, password_hash, created_at from app_user where username = 'admin'")
                .query().singleRow();
    }
}
