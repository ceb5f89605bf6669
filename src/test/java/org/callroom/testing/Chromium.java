package org.callroom.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium with a fake camera and microphone, driven through Debian's chromedriver.
 * Both paths are given explicitly so Selenium never tries to download a browser or driver.
 * A missing browser fails the test: browser tests never skip.
 */
public final class Chromium implements AutoCloseable {

    public static final String BROWSER = System.getenv().getOrDefault("CALLROOM_CHROMIUM", "/usr/bin/chromium");
    public static final String DRIVER = System.getenv().getOrDefault("CALLROOM_CHROMEDRIVER", "/usr/bin/chromedriver");

    private static final List<String> FLAGS = List.of(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--use-fake-device-for-media-stream", "--allow-loopback-in-peer-connection",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--disable-quic", "--window-size=1280,800");

    /** How this browser differs from a person who allows everything. */
    public enum Option {
        /** The person refuses camera and microphone access. */
        DENY_MEDIA,
        /** Sound may only start after a gesture, as in a browser with default settings and no history with the site. */
        AUTOPLAY_NEEDS_GESTURE
    }

    public final ChromeDriver driver;
    private final Path profile;
    private boolean killed;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Chromium start(Option... choices) throws IOException {
        Set<Option> chosen = choices.length == 0 ? EnumSet.noneOf(Option.class) : EnumSet.copyOf(Arrays.asList(choices));
        requireExecutable(BROWSER, "Chromium");
        requireExecutable(DRIVER, "chromedriver");
        Path profile = Files.createTempDirectory("callroom-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile);
        options.addArguments(chosen.contains(Option.DENY_MEDIA) ? "--deny-permission-prompts" : "--use-fake-ui-for-media-stream");
        options.addArguments(chosen.contains(Option.AUTOPLAY_NEEDS_GESTURE)
                ? "--autoplay-policy=document-user-activation-required" : "--autoplay-policy=no-user-gesture-required");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Chromium(driver, profile);
    }

    private static void requireExecutable(String path, String what) {
        if (!new File(path).canExecute()) {
            throw new IllegalStateException(what + " not found at " + path
                    + ": install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)"
                    + " or point CALLROOM_CHROMIUM / CALLROOM_CHROMEDRIVER at them");
        }
    }

    /**
     * Kills this browser's processes at once (SIGKILL), as a crash or a pulled plug would: no page gets to run
     * its pagehide handlers, and its sockets end without a close handshake. Only the processes of this browser
     * (recognised by its own profile directory) are touched.
     */
    public void kill() {
        String ownProfile = "--user-data-dir=" + profile;
        List<ProcessHandle> browser = ProcessHandle.current().descendants()
                .filter(process -> process.info().arguments().map(List::of).orElse(List.of()).contains(ownProfile))
                .toList();
        if (browser.isEmpty()) {
            throw new IllegalStateException("no process of this browser (" + ownProfile + ") found");
        }
        killed = true;
        // Not waited for: a killed browser stays a zombie until chromedriver reaps it, but holds no socket any more.
        for (ProcessHandle process : browser) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } catch (WebDriverException afterKill) {
            if (!killed) {
                throw afterKill;
            }
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
