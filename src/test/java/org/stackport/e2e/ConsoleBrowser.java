package org.stackport.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium driven through the Debian chromedriver, with the few Vaadin-aware
 * moves the console tests need. Both binaries are set explicitly so Selenium Manager downloads nothing.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;
    private final WebDriverWait wait;

    ConsoleBrowser(int port) {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new IllegalStateException("Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install -y chromium chromium-driver");
        }
        this.base = "http://127.0.0.1:" + port;
        try {
            this.profile = Files.createTempDirectory("stackport-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1366,860", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        try {
            hideDevModeTools();
        } catch (RuntimeException e) {
            driver.quit();
            throw e;
        }
        // Vaadin re-renders views (e.g. after a project switch): a stale element just means "look again"
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    /**
     * Dev mode's Copilot pops "App is running in development mode" over the header (project switcher,
     * user menu) on every page load; production has no Copilot, so the tests hide it in every document.
     */
    private void hideDevModeTools() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                document.addEventListener('DOMContentLoaded', () => {
                    const style = document.createElement('style');
                    style.textContent = 'copilot-main, vaadin-dev-tools { display: none !important; }';
                    document.head.appendChild(style);
                });"""));
    }

    WebDriver driver() {
        return driver;
    }

    /** A laptop's screen: a 1280 × 720 window whose page really is that size (headless Chromium ignores the window). */
    ConsoleBrowser atLaptopSize() {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 720));
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                java.util.Map.of("width", 1280, "height", 720, "deviceScaleFactor", 1, "mobile", false));
        return this;
    }

    // --- navigation and session ---------------------------------------------------------------

    void open(String path) {
        driver.get(base + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    /** Forgets the session: the next page is opened as an anonymous visitor. */
    void signOut() {
        driver.manage().deleteAllCookies();
    }

    /** Types into the login form and submits it, as a person would. */
    void submitLogin(String username, String password) {
        waitUntil(d -> path().startsWith("/login"));
        WebElement user = visible(By.cssSelector("vaadin-login-form input[name='username']"));
        WebElement pass = visible(By.cssSelector("vaadin-login-form input[name='password']"));
        user.clear();
        user.sendKeys(username);
        pass.clear();
        pass.sendKeys(password);
        visible(By.cssSelector("vaadin-login-form vaadin-button[slot='submit']")).click();
    }

    /** Waits until Vaadin has no server round-trip in flight and its loading bar has faded out. */
    void settle() {
        waitUntil(d -> Boolean.TRUE.equals(js("""
                const clients = window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients;
                if (!clients) { return false; }
                const busy = Object.values(clients).some(c => c.isActive && c.isActive());
                const indicator = document.querySelector('.v-loading-indicator');
                // Lumo keeps a hidden indicator displayed and fades it out: wait until it is transparent
                return !busy && (!indicator || indicator.style.display === 'none'
                        && getComputedStyle(indicator).opacity === '0');""")));
    }

    // --- finding ------------------------------------------------------------------------------

    WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement byId(String id) {
        return visible(By.id(id));
    }

    boolean present(By by) {
        return !driver.findElements(by).isEmpty();
    }

    <T> T waitUntil(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** All text of an element including text that shadow roots render from their light DOM. */
    String text(WebElement element) {
        return (String) js("return arguments[0].textContent", element);
    }

    // --- Vaadin fields --------------------------------------------------------------------------

    /**
     * Types into a vaadin-text-field / password-field / text-area by its id and commits the value
     * (Flow sends it on the native change event, i.e. when the input loses focus).
     */
    void type(String fieldId, String value) {
        WebElement input = visible(By.cssSelector("#" + fieldId + " input, #" + fieldId + " textarea"));
        input.clear();
        input.sendKeys(value);
        js("arguments[0].blur()", input);
    }

    void click(String id) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    /** Picks an item of a vaadin-select by its visible label. */
    void select(String selectId, String label) {
        byId(selectId).click();
        WebElement item = waitUntil(d -> d.findElements(By.cssSelector("vaadin-select-item")).stream()
                .filter(WebElement::isDisplayed)
                .filter(e -> label.equals(text(e).strip()))
                .findFirst().orElse(null));
        item.click();
        waitUntil(d -> label.equals(selectedLabel(selectId)));
    }

    /** The label a vaadin-select shows for its current value. */
    String selectedLabel(String selectId) {
        return (String) js("""
                const s = document.getElementById(arguments[0]);
                const v = s && s.querySelector('[slot=value]');
                return v ? v.textContent.trim() : null;""", selectId);
    }

    /** Picks an item of a vaadin-combo-box by typing its label and clicking the matching suggestion. */
    void choose(String comboId, String label) {
        WebElement input = visible(By.cssSelector("#" + comboId + " input"));
        input.clear();
        input.sendKeys(label);
        WebElement item = waitUntil(d -> d.findElements(By.cssSelector("vaadin-combo-box-item")).stream()
                .filter(WebElement::isDisplayed)
                .filter(e -> label.equals(text(e).strip()))
                .findFirst().orElse(null));
        item.click();
        // Flow's combo box keeps an item key as its value; the chosen item carries the label
        waitUntil(d -> label.equals(js("""
                const c = document.getElementById(arguments[0]);
                return c.selectedItem ? c.selectedItem.label : null;""", comboId)));
    }

    /** Checks the button of a vaadin-radio-group whose label starts with {@code label} (its label, not its input). */
    void radio(String groupId, String label) {
        WebElement button = waitUntil(d -> d.findElements(By.cssSelector("#" + groupId + " vaadin-radio-button")).stream()
                .filter(e -> text(e).strip().startsWith(label))
                .findFirst().orElse(null));
        button.findElement(By.cssSelector("label")).click();
        waitUntil(d -> button.getDomAttribute("checked") != null);
    }

    /** The error message a Vaadin field shows, once it is marked invalid. */
    String fieldError(String fieldId) {
        waitUntil(d -> Boolean.TRUE.equals(js("return document.getElementById(arguments[0]).invalid === true", fieldId)));
        WebElement message = visible(By.cssSelector("#" + fieldId + " [slot='error-message']"));
        return message.getText();
    }

    /** The text content of the side navigation (labels of all items, nested ones included). */
    String sideNavText() {
        return text(visible(By.tagName("vaadin-side-nav")));
    }

    List<String> notifications() {
        @SuppressWarnings("unchecked")
        List<String> texts = (List<String>) js("""
                return Array.from(document.querySelectorAll('vaadin-notification-card'))
                    .map(c => c.textContent.trim());""");
        return texts;
    }

    // --- evidence -------------------------------------------------------------------------------

    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temp profile is harmless
        }
    }
}
