package org.stackport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.support.Api;
import org.stackport.support.Fixtures;
import org.stackport.support.RunAs;
import org.stackport.tenancy.ProjectRole;
import org.stackport.tenancy.ProjectService;

/**
 * The console in a real (headless) Chromium: sign-in, a refused password, the tenant admin's first
 * walk (project, user, membership, project switch, API key used against the REST API), and what a
 * project admin may not see. One browser for the whole class; each test starts from a fresh session.
 * The Spring context, and so its in-memory database, is the one the other integration tests share
 * (a second context in the same JVM would take over Spring Security's global context holder and break
 * their {@code RunAs} set-up): names carry a random suffix, and nothing assumes an empty database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "Root-Test-Password-1";

    static ConsoleBrowser browser;

    /** Leaves a screenshot and the page source of a failed test in target/screenshots. */
    @RegisterExtension
    static final TestWatcher EVIDENCE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser == null) {
                return;
            }
            try {
                String name = "failed-" + context.getRequiredTestMethod().getName();
                browser.screenshot(name);
                Files.writeString(ConsoleBrowser.SCREENSHOTS.resolve(name + ".html"), browser.driver().getPageSource());
            } catch (Exception ignored) {
                // evidence is best effort
            }
        }
    };

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    ProjectService projects;

    final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36)
            .toLowerCase(Locale.ROOT);

    @BeforeAll
    void startBrowser() {
        browser = new ConsoleBrowser(port);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** Opens the console anonymously, follows the redirect to the login page and signs in. */
    void signIn(String username, String password) {
        browser.signOut();
        browser.open("/");
        browser.waitUntil(d -> browser.path().startsWith("/login"));
        browser.submitLogin(username, password);
    }

    /** Signs in and waits for the Clusters view, which "/" shows. */
    WebElement signInToClusters(String username, String password) {
        signIn(username, password);
        return browser.byId("clusters-view");
    }

    @Test
    @Order(1)
    void an_admin_signs_in_through_the_login_page_and_reaches_the_clusters_view() {
        browser.signOut();
        browser.open("/");
        browser.waitUntil(d -> browser.path().startsWith("/login"));
        browser.visible(By.tagName("vaadin-login-form"));
        browser.waitUntil(d -> d.getTitle().equals("Sign in · Stackport"));
        browser.screenshot("login");

        browser.submitLogin(ADMIN, ADMIN_PASSWORD);

        assertThat(browser.byId("clusters-view").isDisplayed()).isTrue();
        // the console opens project "default" when the user may see it
        assertThat(browser.byId("clusters-project").getText()).isEqualTo("Project: default");
        assertThat(browser.selectedLabel("project-switcher")).isEqualTo("default");
        // Spring Security's saved request brings the browser back to "/" (with its "?continue" marker)
        assertThat(browser.path()).matches("/(\\?continue)?");
        assertThat(browser.sideNavText()).contains("Clusters", "Cluster Profiles", "Tenant Settings", "Users");
        browser.settle();
        Path shot = browser.screenshot("clusters-view");
        assertThat(shot).isNotEmptyFile();
    }

    @Test
    @Order(2)
    void a_wrong_password_is_refused_with_a_message() {
        String user = "e2e-wrong-" + suffix;
        fixtures.user(user, false);

        signIn(user, "Not-The-Password-9");

        browser.waitUntil(d -> browser.path().startsWith("/login?error"));
        WebElement form = browser.visible(By.tagName("vaadin-login-form"));
        browser.waitUntil(d -> Boolean.TRUE.equals(browser.js("return arguments[0].error === true", form)));
        assertThat(browser.js("return arguments[0].i18n.errorMessage.title", form))
                .isEqualTo("Incorrect username or password");
        assertThat(visibleErrorText()).contains("Incorrect username or password");
        assertThat(browser.present(By.id("clusters-view"))).isFalse();
        browser.screenshot("login-refused");

        // one failure does not lock: the right password still works
        browser.submitLogin(user, Fixtures.PASSWORD);
        WebElement clusters = browser.byId("clusters-view");
        assertThat(browser.text(clusters)).contains("No project yet");
    }

    /** The error box of the login form, read through its shadow roots where it is rendered. */
    String visibleErrorText() {
        return (String) browser.js("""
                const form = document.querySelector('vaadin-login-form');
                const roots = [form, form.shadowRoot];
                const wrapper = form.shadowRoot && form.shadowRoot.querySelector('vaadin-login-form-wrapper');
                if (wrapper) { roots.push(wrapper, wrapper.shadowRoot); }
                for (const r of roots) {
                    const e = r && r.querySelector('[part=error-message]');
                    if (e && !e.hidden && e.offsetParent !== null) { return e.textContent.replace(/\\s+/g, ' ').trim(); }
                }
                return '';""");
    }

    @Test
    @Order(3)
    void an_admin_creates_a_project_and_a_project_admin_then_switches_project() {
        String project = "e2e-" + suffix;
        String user = "e2e-padmin-" + suffix;
        String password = "Walk-Password-42";
        signInToClusters(ADMIN, ADMIN_PASSWORD);

        // a project, through the dialog: a bad name is refused on the field, a good one is created
        browser.open("/tenant/projects");
        browser.click("new-project");
        browser.type("project-name", "Bad Name");
        browser.click("create-project");
        assertThat(browser.fieldError("project-name")).contains("lower-case letters");
        browser.type("project-name", project);
        browser.type("project-description", "Made by the browser test");
        browser.click("create-project");
        browser.waitUntil(d -> !browser.present(By.id("project-name")));
        waitForGridCell(project);
        assertThat(browser.notifications()).anyMatch(n -> n.contains("Project " + project + " created"));
        browser.settle();
        browser.screenshot("projects-view");

        // a user
        browser.open("/tenant/users");
        browser.click("new-user");
        browser.type("user-username", user);
        browser.type("user-password", password);
        browser.click("create-user");
        browser.waitUntil(d -> !browser.present(By.id("user-username")));
        waitForGridCell(user);

        // the user becomes PROJECT_ADMIN of the project
        browser.open("/tenant/projects/" + project);
        browser.visible(By.xpath("//h2[text()='Members of " + project + "']"));
        browser.choose("member-user", user);
        browser.select("member-role", "Project admin");
        browser.click("add-member");
        waitForGridCell(user);
        waitForGridCell("Project admin");
        browser.settle();
        browser.screenshot("project-members-view");

        // the switcher moves the console to the new project
        browser.open("/");
        assertThat(browser.byId("clusters-project").getText()).startsWith("Project: ").isNotEqualTo("Project: " + project);
        browser.select("project-switcher", project);
        browser.waitUntil(d -> ("Project: " + project).equals(browser.byId("clusters-project").getText()));

        // an API key from the user menu, used against the REST API
        browser.visible(By.cssSelector("#user-menu vaadin-menu-bar-button")).click();
        browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-menu-bar-item")).stream()
                .filter(WebElement::isDisplayed)
                .filter(e -> "API keys".equals(browser.text(e).strip()))
                .findFirst().orElse(null)).click();
        browser.waitUntil(d -> browser.path().equals("/api-keys"));
        browser.type("api-key-name", "e2e-" + suffix);
        browser.click("create-api-key");
        String key = browser.byId("new-api-key-value").getText().strip();
        assertThat(key).isNotBlank();
        browser.settle();
        browser.screenshot("api-key-created");

        Api.Response response = new Api(port).get("/api/v1/projects", key);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"" + project + "\"");
    }

    @Test
    @Order(4)
    void a_project_admin_does_not_see_tenant_settings() {
        String project = "e2e-pa-" + suffix;
        String user = "e2e-pa-" + suffix;
        fixtures.user(user, false);
        fixtures.member(project, user, ProjectRole.PROJECT_ADMIN);

        signInToClusters(user, Fixtures.PASSWORD);

        assertThat(browser.byId("clusters-project").getText()).isEqualTo("Project: " + project);
        String nav = browser.sideNavText();
        assertThat(nav).contains("Clusters").doesNotContain("Tenant Settings", "Users", "Audit");

        browser.open("/tenant/users");
        browser.settle();
        browser.screenshot("project-admin-opens-tenant-users");
        assertThat(browser.present(By.id("new-user"))).isFalse();
        assertThat(browser.present(By.tagName("vaadin-grid"))).isFalse();
    }

    void waitForGridCell(String text) {
        browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-grid-cell-content")).stream()
                .anyMatch(c -> text.equals(browser.text(c).strip())));
    }
}
