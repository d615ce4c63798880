package io.careerstream.app.http.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both found at run time (PATH,
 * else /usr/bin). Selenium is given both paths, so Selenium Manager never downloads a browser or a
 * driver. The browser's console log is kept, for the checks of Content-Security-Policy violations,
 * and its network log, for the check that no request leaves the instance.
 */
final class Chromium {

    /** What to install where the browser is missing (the skip message names them). */
    static final String PACKAGES = "Debian packages chromium and chromium-driver (apt-get install chromium chromium-driver)";

    private Chromium() {
    }

    static Optional<Path> browser() {
        return executable("chromium");
    }

    static Optional<Path> driver() {
        return executable("chromedriver");
    }

    static boolean available() {
        return browser().isPresent() && driver().isPresent();
    }

    /** A headless browser at 1440x900, its console log recorded. */
    static ChromeDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser().orElseThrow().toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,900",
                "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL); // carries the network requests (Network.requestWillBeSent)
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver().orElseThrow().toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Optional<Path> executable(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + java.io.File.pathSeparator + "/usr/bin").split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
