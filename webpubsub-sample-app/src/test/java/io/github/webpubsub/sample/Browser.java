package io.github.webpubsub.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import io.github.webpubsub.sample.RunningSampleTests.SampleUser;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A headless Chromium driven through ChromeDriver, both Debian's packages
 * ({@code apt-get install chromium
 * chromium-driver}; {@code .ci/run} installs them). Their paths are given, so Selenium
 * Manager never runs and nothing is downloaded. Each browser has a fresh profile, deleted
 * on {@link #close()}.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final WebDriver driver;

    private final Path profile;

    private final WebDriverWait wait;

    private Browser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, TIMEOUT);
    }

    /** Starts a browser with a window large enough for the README's screenshots. */
    static Browser open() {
        assertThat(CHROMEDRIVER)
            .withFailMessage("ChromeDriver is not installed at %s: run 'apt-get install chromium "
                    + "chromium-driver' (.ci/run does so)", CHROMEDRIVER)
            .isExecutable();
        assertThat(CHROMIUM)
            .withFailMessage("Chromium is not installed at %s: run 'apt-get install chromium "
                    + "chromium-driver' (.ci/run does so)", CHROMIUM)
            .isExecutable();
        Path profile;
        try {
            profile = Files.createTempDirectory("sample-chromium-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--password-store=basic", "--window-size=1280,820",
                "--force-device-scale-factor=1", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    /**
     * Keeps every WebSocket that the pages open in {@code window.sampleTestSockets}, so
     * that a test can close one as a network failure would. Instruments the browser, not
     * the pages: they run unchanged.
     */
    void recordWebSockets() {
        ((ChromeDriver) this.driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.sampleTestSockets = [];
                window.WebSocket = class extends window.WebSocket {
                  constructor(...args) {
                    super(...args);
                    window.sampleTestSockets.push(this);
                  }
                };
                """));
    }

    /** Runs a script in the page and returns its result. */
    Object script(String script) {
        return ((JavascriptExecutor) this.driver).executeScript(script);
    }

    /** Opens a page of the running sample. */
    void open(String path) {
        this.driver.get(RunningSampleTests.sample(path).toString());
    }

    /** Signs in on the login page and waits for the chat page it leads to. */
    void signIn(SampleUser user) {
        open("/login");
        find(By.id("username")).sendKeys(user.name());
        find(By.id("password")).sendKeys(user.password());
        find(By.cssSelector("button[type=submit]")).click();
        this.wait.until(ExpectedConditions.urlToBe(RunningSampleTests.sample("/").toString()));
        waitForText(By.id("user-name"), user.name());
    }

    WebElement find(By by) {
        return this.wait.until(ExpectedConditions.presenceOfElementLocated(by));
    }

    List<WebElement> findAll(By by) {
        return this.driver.findElements(by);
    }

    /** Waits until an element's text is exactly the given one. */
    WebElement waitForText(By by, String text) {
        this.wait.withMessage(() -> "waiting for " + by + " to say '" + text + "'")
            .until(ExpectedConditions.textToBe(by, text));
        return this.driver.findElement(by);
    }

    WebElement waitForVisible(By by) {
        return this.wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    <T> T waitUntil(String what, Function<WebDriver, T> condition) {
        return this.wait.withMessage(() -> "waiting for " + what).until(condition);
    }

    String currentPath() {
        return java.net.URI.create(this.driver.getCurrentUrl()).getPath();
    }

    String title() {
        return this.driver.getTitle();
    }

    /**
     * Saves the whole page as a PNG file, the window grown to the page's height and
     * scrolled to the top.
     */
    void screenshot(Path file) {
        JavascriptExecutor script = (JavascriptExecutor) this.driver;
        long pageHeight = ((Number) script.executeScript("return document.documentElement.scrollHeight")).longValue();
        long viewportHeight = ((Number) script.executeScript("return window.innerHeight")).longValue();
        Dimension window = this.driver.manage().window().getSize();
        if (pageHeight > viewportHeight) {
            this.driver.manage()
                .window()
                .setSize(new Dimension(window.getWidth(), (int) (window.getHeight() + pageHeight - viewportHeight)));
        }
        script.executeScript("window.scrollTo(0, 0); document.activeElement?.blur()");
        byte[] png = ((ChromeDriver) this.driver).getScreenshotAs(OutputType.BYTES);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, png);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        try {
            this.driver.quit();
        }
        finally {
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(this.profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
        catch (IOException ex) {
            // A profile left behind in the temporary directory harms nothing.
        }
    }

}
