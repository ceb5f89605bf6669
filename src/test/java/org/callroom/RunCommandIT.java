package org.callroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.callroom.testing.CallPage;
import org.callroom.testing.Chromium;
import org.callroom.testing.LaunchedServer;
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

    private static LaunchedServer server;

    @BeforeAll
    static void runTheReadmeCommand() throws Exception {
        Path project = Path.of(System.getProperty("callroom.projectDir", "."));
        int port = LaunchedServer.freePort();
        Path log = Files.createDirectories(project.resolve("target")).resolve("run-command.log");
        // -Dmaven.test.skip keeps the nested build away from the test classes this JVM is running.
        server = LaunchedServer.start(List.of("./mvnw", "-B", "-ntp", "-Prun", "-Dmaven.test.skip=true",
                "-Dcallroom.port=" + port, "-Dcallroom.address=127.0.0.1"), project, log, URI.create("http://127.0.0.1:" + port + "/"));
    }

    @AfterAll
    static void stopIt() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void printsWhereToOpenThePage() throws Exception {
        String output = Files.readString(server.log);
        assertTrue(output.contains("Open http://localhost:" + server.base.getPort() + "/"), output);
    }

    @Test
    void twoTabsOnOneRoomSeeAndHearEachOtherAndChat() throws Exception {
        try (Chromium browser = Chromium.start()) {
            var driver = browser.driver;
            String aliceTab = driver.getWindowHandle();
            CallPage page = new CallPage(driver).open(server.base, "run-command", "Alice");
            page.join();
            page.awaitState("waiting");

            driver.switchTo().newWindow(WindowType.TAB);
            String bobTab = driver.getWindowHandle();
            page.open(server.base, "run-command", "Bob");
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
}
