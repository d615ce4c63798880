package io.careerstream.app.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * What the browser's logs (recorded by {@link Chromium#start()}) must show of a console page: no
 * Content-Security-Policy violation nor other error, and no request to anywhere but the instance.
 * Each read drains the log, so a check covers what happened since the one before.
 */
final class BrowserLogs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BrowserLogs() {
    }

    /** A line written first proves the log is read at all. */
    static void assertNoPolicyViolationsNorErrors(WebDriver browser) {
        ((JavascriptExecutor) browser).executeScript("console.error('story-it: the log is read')");
        List<String> log = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            log.add(entry.getLevel() + " " + entry.getMessage());
        }
        assertThat(log).anyMatch(line -> line.contains("story-it: the log is read"));
        assertThat(log).noneMatch(line -> line.contains("Content Security Policy"));
        // The refusals a test provokes on purpose (the story without or with a wrong token) are the only errors.
        assertThat(log).noneMatch(line -> line.startsWith("SEVERE") && !line.contains("story-it: the log is read")
                && !(line.contains("/story ") && (line.contains("401 (Unauthorized)") || line.contains("403 (Forbidden)"))));
    }

    /** Every request since the last read, which must include {@code expected} (data: URLs aside, all on {@code base}). */
    static List<String> assertEveryRequestStayedOn(WebDriver browser, String base, String... expected) throws Exception {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                urls.add(message.path("params").path("request").path("url").asText());
            }
        }
        assertThat(urls).as("the network log is read").contains(expected);
        assertThat(urls).allSatisfy(url -> assertThat(url).satisfiesAnyOf(
                u -> assertThat(u).startsWith(base + "/"), u -> assertThat(u).startsWith("data:")));
        return urls;
    }
}
