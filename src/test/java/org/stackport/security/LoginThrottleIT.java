package org.stackport.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.support.Fixtures;

/** The real login form: a right password signs in; five wrong ones in a row from one address lock the name there. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LoginThrottleIT {

    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    /** Posts the login form in a fresh browser-like session; returns where it redirects to. */
    String signIn(String username, String password) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("login page carries a CSRF token").isTrue();
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(m.group(1));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(302);
        return r.headers().firstValue("Location").orElseThrow();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void five_wrong_passwords_lock_the_name_at_that_address_even_against_the_right_one() throws Exception {
        fixtures.user("throttled", false);
        assertThat(signIn("throttled", Fixtures.PASSWORD)).doesNotContain("error");

        for (int i = 0; i < 5; i++) {
            assertThat(signIn("throttled", "wrong-password-" + i)).endsWith("/login?error");
        }
        assertThat(signIn("throttled", Fixtures.PASSWORD)).as("locked").endsWith("/login?error");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'login' and target = 'user/throttled' "
                + "and outcome = 'denied'").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_successful_sign_in_resets_the_count_of_failures() throws Exception {
        fixtures.user("forgetful", false);
        for (int i = 0; i < 4; i++) {
            signIn("forgetful", "wrong-password-" + i);
        }
        assertThat(signIn("forgetful", Fixtures.PASSWORD)).doesNotContain("error");
        for (int i = 0; i < 4; i++) {
            signIn("forgetful", "wrong-password-" + i);
        }
        assertThat(signIn("forgetful", Fixtures.PASSWORD)).doesNotContain("error");
    }

    @Test
    void a_console_session_does_not_open_the_rest_api() throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).isTrue();
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=Root-Test-Password-1&_csrf="
                        + enc(m.group(1)))).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/projects"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
    }
}
