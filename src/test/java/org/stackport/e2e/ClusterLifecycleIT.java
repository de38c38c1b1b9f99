package org.stackport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.cluster.ClusterService;
import org.stackport.cluster.ClusterSpec;
import org.stackport.cluster.ProfileFixture;
import org.stackport.provisioning.ProvisioningEngine;
import org.stackport.support.RunAs;

/**
 * A project admin watches a cluster deploy in a real Chromium, from Pending to Running, without reloading the page;
 * deletes it by typing its name; and sees it gone. Quartz does not run in tests: a background thread here runs the
 * engine's passes as the Quartz job would, against the embedded simulator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterLifecycleIT {

    static final String PROFILE = "e2e-lifecycle-profile";

    @LocalServerPort
    int port;
    @Autowired
    ProfileFixture profiles;
    @Autowired
    ClusterService clusters;
    @Autowired
    ProvisioningEngine engine;
    @Autowired
    JdbcClient jdbc;

    ConsoleBrowser browser;
    final AtomicBoolean stop = new AtomicBoolean();
    final String name = "e2e-life-" + Integer.toString(ThreadLocalRandom.current().nextInt(46656, 1679616), 36)
            .toLowerCase(Locale.ROOT);

    @BeforeAll
    void start() {
        profiles.ensure(PROFILE);
        browser = new ConsoleBrowser(port);
    }

    /** Whatever happened, the cluster is taken down so the shared simulator's quota is free for the other tests. */
    @AfterAll
    void stop() {
        stop.set(true);
        try {
            List<Long> left = jdbc.sql("select id from cluster where live_name is not null and name = ?").param(name)
                    .query(Long.class).list();
            for (long id : left) {
                jdbc.sql("update cluster set status = case when status in ('Pending', 'Provisioning') then 'Aborting' "
                        + "when status in ('Running', 'Failed') then 'Deleting' else status end where id = ?").param(id).update();
                stop.set(false);
                drive(id, Duration.ofMinutes(2));
            }
        } finally {
            if (browser != null) {
                browser.close();
            }
        }
    }

    static ClusterSpec spec(String name) {
        return new ClusterSpec(name, "made by ClusterLifecycleIT", List.of("env:e2e"), PROFILE, Map.of(), "local-openstack",
                new ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "static", "private", "private-subnet",
                        null, null),
                new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "m1.small", List.of("az1"), 20),
                List.of(new ClusterSpec.WorkerPool("workers", 2, new ClusterSpec.Autoscaler(false, null, null),
                        "expand-first", Map.of("tier", "web"), List.of(), "m1.small", List.of("az1", "az2"), 20)),
                new ClusterSpec.Policies(false, false, null, null));
    }

    /** Passes as the Quartz job runs them: each asks when it wants the next (at most a second apart here). */
    String drive(long id, Duration limit) {
        Instant end = Instant.now().plus(limit);
        while (!stop.get() && Instant.now().isBefore(end)) {
            Optional<Instant> next = engine.pass(id);
            if (next.isEmpty()) {
                break;
            }
            sleep(Math.min(1000, Duration.between(Instant.now(), next.get()).toMillis()));
        }
        return jdbc.sql("select status from cluster where id = ?").param(id).query(String.class).single();
    }

    int progress(long id) {
        return jdbc.sql("select progress from cluster where id = ?").param(id).query(Integer.class).single();
    }

    static void sleep(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    CompletableFuture<String> driveInBackground(long id) {
        // a thread of its own, as Quartz's are (not the common pool, which has one thread on two cores)
        return CompletableFuture.supplyAsync(() -> drive(id, Duration.ofMinutes(3)),
                runnable -> Thread.ofPlatform().daemon().name("drive-" + id).start(runnable));
    }

    <T> T waitLong(java.util.function.Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofMinutes(3), Duration.ofMillis(200));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait.until(condition);
    }

    /** Vaadin sends a hidden component to the browser only once it is shown: absent or hidden both count. */
    boolean shown(String id) {
        return browser.driver().findElements(By.id(id)).stream().anyMatch(e -> e.isDisplayed());
    }

    /** The status cell of the cluster's row in the list. */
    String listStatus() {
        Object text = browser.js("""
                const cell = Array.from(document.querySelectorAll('#clusters vaadin-grid-cell-content'))
                    .find(c => c.textContent.trim() === arguments[0]);
                const row = cell && cell.assignedSlot && cell.assignedSlot.closest('tr');
                const next = row && row.querySelectorAll('slot')[1];
                return next ? next.assignedElements()[0].textContent.trim() : '';""", name);
        return String.valueOf(text);
    }

    String status() {
        return browser.text(browser.byId("cluster-status")).strip();
    }

    @Test
    void a_project_admin_watches_a_cluster_deploy_then_deletes_it_by_its_name() {
        try {
            watchAndDelete();
        } catch (RuntimeException | AssertionError e) {
            browser.screenshot("failed-cluster-lifecycle");
            throw e;
        }
    }

    private void watchAndDelete() {
        browser.signOut();
        browser.open("/");
        browser.submitLogin(ConsoleIT.ADMIN, ConsoleIT.ADMIN_PASSWORD);
        browser.byId("clusters-view");
        RunAs.admin(() -> clusters.create("default", spec(name)));
        long id = jdbc.sql("select id from cluster where name = ? and live_name is not null").param(name)
                .query(Long.class).single();

        browser.open("/clusters");
        browser.waitUntil(d -> listStatus().equals("Pending"));
        // a reload would forget this mark: the pages must change by themselves
        browser.js("window.stackportSamePage = true");

        // the first passes start the deploy (stopping part-way); the list, polling while a cluster moves, shows how far
        Instant until = Instant.now().plus(Duration.ofMinutes(1));
        while (progress(id) < 25 && Instant.now().isBefore(until)) {
            engine.pass(id).ifPresent(next -> sleep(Math.min(1000, Duration.between(Instant.now(), next).toMillis())));
        }
        assertThat(jdbc.sql("select status from cluster where id = ?").param(id).query(String.class).single())
                .isEqualTo("Provisioning");
        browser.waitUntil(d -> listStatus().matches("Provisioning \\d+%"));
        browser.settle();
        browser.screenshot("clusters-list-provisioning");

        browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-grid-cell-content a")).stream()
                .filter(a -> name.equals(a.getText())).findFirst().orElse(null)).click();
        browser.waitUntil(d -> browser.path().equals("/clusters/" + name));
        browser.waitUntil(d -> name.equals(browser.byId("cluster-title").getText()));
        assertThat(status()).matches("Provisioning \\d+%");
        assertThat(browser.byId("cluster-abort").isDisplayed()).isTrue();
        assertThat(shown("cluster-delete")).isFalse();
        browser.settle();
        browser.screenshot("cluster-provisioning");

        CompletableFuture<String> deploy = driveInBackground(id);
        waitLong(d -> status().equals("Running"));
        assertThat(deploy.orTimeout(1, TimeUnit.MINUTES).join()).isEqualTo("Running");
        assertThat(browser.js("return window.stackportSamePage === true")).isEqualTo(Boolean.TRUE);
        waitLong(d -> browser.text(browser.byId("cluster-progress-text")).strip().equals("100%"));
        assertThat(browser.text(browser.byId("cluster-endpoint"))).matches("[0-9.]+:6443");
        assertThat(browser.text(browser.byId("cluster-nodes"))).contains("workers").contains("az2").contains("control-plane");
        assertThat(browser.text(browser.byId("cluster-resources"))).contains("server").contains("load");
        assertThat(shown("cluster-abort")).isFalse();
        browser.settle();
        fullPage(() -> browser.screenshot("cluster-running"));

        browser.click("cluster-delete");
        browser.type("cluster-delete-name", name.substring(0, name.length() - 1));
        browser.waitUntil(d -> !browser.byId("cluster-delete-confirm").isEnabled()
                || "true".equals(browser.byId("cluster-delete-confirm").getDomAttribute("disabled")));
        browser.type("cluster-delete-name", name);
        browser.waitUntil(d -> browser.byId("cluster-delete-confirm").getDomAttribute("disabled") == null);
        browser.settle();
        browser.screenshot("cluster-delete-dialog");
        browser.click("cluster-delete-confirm");
        browser.waitUntil(d -> status().startsWith("Deleting"));
        assertThat(browser.byId("cluster-force-delete").getText()).matches("Force delete in 1[45] min \\d{1,2} s");
        browser.settle();
        browser.screenshot("cluster-deleting");

        CompletableFuture<String> delete = driveInBackground(id);
        waitLong(d -> browser.present(By.id("cluster-gone")));
        assertThat(delete.orTimeout(1, TimeUnit.MINUTES).join()).isEqualTo("Deleted");
        assertThat(browser.text(browser.byId("cluster-gone"))).contains("Cluster " + name + " is gone");
        assertThat(browser.js("return window.stackportSamePage === true")).isEqualTo(Boolean.TRUE);
        browser.settle();
        browser.screenshot("cluster-gone");

        browser.open("/clusters");
        browser.byId("clusters-view");
        browser.settle();
        assertThat(browser.text(browser.byId("clusters-view"))).doesNotContain(name);
    }

    /** The whole page in one picture: a tall viewport for the moment of the screenshot. */
    private void fullPage(Runnable shot) {
        ChromeDriver chrome = (ChromeDriver) browser.driver();
        Number height = (Number) browser.js("return Math.max(860, document.querySelector('#cluster-view').scrollHeight + 120)");
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1366, "height", height.intValue(), "deviceScaleFactor", 1, "mobile", false));
        try {
            browser.settle();
            shot.run();
        } finally {
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }
}
