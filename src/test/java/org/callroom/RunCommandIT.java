package org.callroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.callroom.testing.CallPage;
import org.callroom.testing.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WindowType;

/**
 * The README's run command, exactly as a user types it, serves the call page at the context
 * root, and two tabs of one browser on one room hold a call there. Only the port and the bind
 * address differ from the defaults, so the test stays on a free loopback port.
 */
class RunCommandIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private static Process server;
    private static Path log;
    private static URI base;

    @BeforeAll
    static void runTheReadmeCommand() throws Exception {
        Path project = Path.of(System.getProperty("callroom.projectDir", "."));
        int port = freePort();
        base = URI.create("http://127.0.0.1:" + port + "/");
        log = Files.createDirectories(project.resolve("target")).resolve("run-command.log");
        // -Dmaven.test.skip keeps the nested build away from the test classes this JVM is running.
        server = new ProcessBuilder(List.of("./mvnw", "-B", "-ntp", "-Prun", "-Dmaven.test.skip=true",
                "-Dcallroom.port=" + port, "-Dcallroom.address=127.0.0.1"))
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        awaitPage();
    }

    @AfterAll
    static void stopIt() throws Exception {
        if (server == null) {
            return;
        }
        // Maven runs Payara Micro as a child process: stop the whole tree.
        server.descendants().forEach(ProcessHandle::destroy);
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
        }
    }

    @Test
    void printsWhereToOpenThePage() throws IOException {
        String output = Files.readString(log);
        assertTrue(output.contains("Open http://localhost:" + base.getPort() + "/"), output);
    }

    @Test
    void twoTabsOnOneRoomSeeAndHearEachOtherAndChat() throws Exception {
        try (Chromium browser = Chromium.start()) {
            var driver = browser.driver;
            String aliceTab = driver.getWindowHandle();
            CallPage page = new CallPage(driver).open(base, "run-command", "Alice");
            page.join();
            page.awaitState("waiting");

            driver.switchTo().newWindow(WindowType.TAB);
            String bobTab = driver.getWindowHandle();
            page.open(base, "run-command", "Bob");
            page.join();
            page.awaitRemoteMediaPlaying();
            page.sendChat("Bob in the second tab");

            driver.switchTo().window(aliceTab);
            page.awaitRemoteMediaPlaying();
            page.awaitChatLine("Bob in the second tab");
            assertEquals("connected", page.state());
            driver.switchTo().window(bobTab);
            assertEquals("connected", page.state());
        }
    }

    private static void awaitPage() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("the run command exited with " + server.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (page.statusCode() == 200 && page.body().contains("data-testid=\"join\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // Payara Micro is still starting.
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no call page at " + base + " within " + START_TIMEOUT + ":\n" + tail());
    }

    private static String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
