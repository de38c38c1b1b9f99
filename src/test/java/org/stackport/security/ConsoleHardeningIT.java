package org.stackport.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.support.Api;
import org.stackport.support.Fixtures;

/** What an outside probe tried against the console's sign-in, sessions and headers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ConsoleHardeningIT {

    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    static final String ADMIN_KEY = "sp-test-bootstrap-key-0123456789";

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ConsoleSessions sessions;

    /** A browser at one address: its own cookies, connecting from {@code from}. */
    final class Browser {
        final HttpClient http;

        Browser(String from) throws Exception {
            http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .localAddress(InetAddress.getByName(from)).build();
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Posts the sign-in form as the login page would; returns the answer. */
        HttpResponse<String> signIn(String username, String password) throws Exception {
            Matcher m = CSRF.matcher(get("/login").body());
            assertThat(m.find()).as("login page carries a CSRF token").isTrue();
            return post("/login", "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(m.group(1)),
                    null);
        }

        HttpResponse<String> post(String path, String form, String origin) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
            if (origin != null) {
                b.header("Origin", origin);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        boolean signedIn(String username, String password) throws Exception {
            HttpResponse<String> r = signIn(username, password);
            return r.statusCode() == 302 && !r.headers().firstValue("Location").orElse("").contains("error");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void failures_from_one_address_do_not_lock_the_owner_out_at_another() throws Exception {
        fixtures.user("lockout-target", false);
        Browser attacker = new Browser("127.0.0.2");
        for (int i = 0; i < 6; i++) {
            assertThat(attacker.signedIn("lockout-target", "wrong-password-" + i)).isFalse();
        }
        assertThat(attacker.signedIn("lockout-target", Fixtures.PASSWORD)).as("locked at the attacker's address").isFalse();
        assertThat(new Browser("127.0.0.3").signedIn("lockout-target", Fixtures.PASSWORD))
                .as("the owner elsewhere gets in").isTrue();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'login' and target = 'user/lockout-target' "
                + "and outcome = 'denied'").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_name_nobody_has_is_locked_exactly_like_a_real_one() throws Exception {
        fixtures.user("real-person", false);
        ConsoleHardeningIT.Browser one = new Browser("127.0.0.4");
        ConsoleHardeningIT.Browser two = new Browser("127.0.0.5");
        for (int i = 0; i < 5; i++) {
            one.signIn("real-person", "wrong-" + i);
            two.signIn("nobody-has-this-name", "wrong-" + i);
        }
        HttpResponse<String> real = one.signIn("real-person", "wrong-again");
        HttpResponse<String> made = two.signIn("nobody-has-this-name", "wrong-again");
        assertThat(made.statusCode()).isEqualTo(real.statusCode());
        assertThat(made.headers().firstValue("Location")).isEqualTo(real.headers().firstValue("Location"));
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'login' and target = 'user/nobody-has-this-name' "
                + "and outcome = 'denied'").query(Long.class).single()).as("a lock is audited either way").isEqualTo(1);
    }

    @Test
    void an_overlong_password_is_a_failed_sign_in_not_an_error() throws Exception {
        HttpResponse<String> r = new Browser("127.0.0.11").signIn("admin", "x".repeat(5000));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("/login?error");
    }

    @Test
    void a_cross_site_sign_in_without_the_pages_token_signs_nobody_in() throws Exception {
        Browser victim = new Browser("127.0.0.6");
        HttpResponse<String> forged = victim.post("/login", "username=admin&password=Root-Test-Password-1",
                "https://evil.example");
        assertThat(forged.headers().firstValue("Location").orElse("")).doesNotEndWith("/");
        assertThat(victim.get("/api-keys").statusCode()).isNotEqualTo(200);
        HttpResponse<String> noToken = new Browser("127.0.0.6").post("/login",
                "username=admin&password=Root-Test-Password-1", null);
        assertThat(noToken.statusCode() == 302 && !noToken.headers().firstValue("Location").orElse("").contains("login"))
                .as("no token, no sign-in: " + noToken.statusCode() + " " + noToken.headers().map()).isFalse();
        assertThat(new Browser("127.0.0.6").signedIn("admin", "Root-Test-Password-1")).as("the real form works").isTrue();
    }

    @Test
    void anonymous_visits_leave_only_short_lived_sessions_and_signing_in_gives_the_full_lifetime() throws Exception {
        Browser visitor = new Browser("127.0.0.7");
        visitor.get("/login");
        String id = sessionId(visitor);
        assertThat(sessions.lifetimeOf(id)).isBetween(1, 300);
        assertThat(visitor.signedIn("admin", "Root-Test-Password-1")).isTrue();
        assertThat(sessions.lifetimeOf(sessionId(visitor))).isGreaterThan(300);
    }

    private static String sessionId(Browser b) {
        return ((CookieManager) b.http.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("JSESSIONID")).findFirst().orElseThrow().getValue();
    }

    @Test
    void console_pages_carry_the_security_headers_and_a_lax_session_cookie() throws Exception {
        HttpResponse<String> page = new Browser("127.0.0.8").get("/login");
        var h = page.headers();
        assertThat(h.firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'")
                .contains("frame-ancestors 'none'").contains("object-src 'none'");
        assertThat(h.firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(h.firstValue("Permissions-Policy").orElse("")).contains("camera=()");
        assertThat(h.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(h.firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(h.allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("JSESSIONID").contains("SameSite=Lax"));
    }

    @Test
    void an_unknown_console_address_is_the_consoles_not_found_page_and_the_favicon_is_served() throws Exception {
        Browser signedIn = new Browser("127.0.0.10");
        assertThat(signedIn.signedIn("admin", "Root-Test-Password-1")).isTrue();
        for (String path : List.of("/no/such/page", "/nothing.php", "/gateways/no-such-gateway/x")) {
            HttpResponse<String> r = signedIn.get(path);
            // the console's own page (Vaadin routes it to NotFoundView in the browser), not a bare 403
            assertThat(r.statusCode()).as(path).isIn(200, 404);
            assertThat(r.body()).as(path).contains("<html");
        }
        HttpResponse<String> anonymous = new Browser("127.0.0.10").get("/no/such/page");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location")).hasValue("/login");
        HttpResponse<String> icon = new Browser("127.0.0.10").get("/favicon.ico");
        assertThat(icon.statusCode()).isEqualTo(200);
    }

    @Test
    void the_host_header_is_not_reflected_into_redirects_or_the_api_document() throws Exception {
        String redirect = raw("GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertThat(redirect).startsWith("HTTP/1.1 302").doesNotContain("evil.example");
        String docs = raw("GET /v3/api-docs HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertThat(docs).startsWith("HTTP/1.1 200").doesNotContain("evil.example");
    }

    @Test
    void a_password_changed_over_the_api_needs_the_current_one_and_ends_the_users_console_sessions() throws Exception {
        fixtures.user("changer", false);
        Browser console = new Browser("127.0.0.9");
        assertThat(console.signedIn("changer", Fixtures.PASSWORD)).isTrue();
        assertThat(console.get("/api-keys").statusCode()).isEqualTo(200);
        String key = org.stackport.support.RunAs.user("changer", () -> apiKeys.create("changer", "k", null).key());
        Api api = new Api(port);

        Api.Response withoutCurrent = api.call("PUT", "/api/v1/users/changer/password", key,
                "{\"password\":\"Brand-New-Secret-42\"}");
        assertThat(withoutCurrent.status()).isEqualTo(422);
        assertThat(withoutCurrent.body()).contains("currentPassword");
        Api.Response wrongCurrent = api.call("PUT", "/api/v1/users/changer/password", key,
                "{\"currentPassword\":\"not-it\",\"password\":\"Brand-New-Secret-42\"}");
        assertThat(wrongCurrent.status()).isEqualTo(422);
        assertThat(wrongCurrent.body()).contains("currentPassword");
        assertThat(console.get("/api-keys").body()).as("still signed in after refusals").doesNotContain("login-form");

        Api.Response changed = api.call("PUT", "/api/v1/users/changer/password", key,
                "{\"currentPassword\":\"" + Fixtures.PASSWORD + "\",\"password\":\"Brand-New-Secret-42\"}");
        assertThat(changed.status()).isEqualTo(204);
        HttpResponse<String> after = console.get("/api-keys");
        assertThat(after.statusCode() == 302 || after.uri().getPath().equals("/login")
                || after.headers().firstValue("Location").orElse("").contains("login"))
                .as("the old console session is over: " + after.statusCode() + " " + after.headers().map()).isTrue();

        Api.Response reset = api.call("PUT", "/api/v1/users/changer/password", ADMIN_KEY,
                "{\"password\":\"Reset-By-Admin-77\"}");
        assertThat(reset.status()).as("a tenant admin resets without the old one").isEqualTo(204);
    }

    @Autowired
    org.stackport.tenancy.ApiKeyService apiKeys;

    private String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                b.append(line).append('\n');
            }
            return b.toString();
        }
    }
}
