package org.callroom.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.callroom.testing.CallPage;
import org.callroom.testing.Chromium;
import org.callroom.testing.FreePorts;
import org.callroom.testing.LaunchedServer;
import org.callroom.testing.WorkDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signaling server dies in the middle of a call and comes back: the media, which flows between the browsers,
 * never stops, and both pages resume as the same peers once the server is up again (docs/protocol.md, "Resume",
 * "After a restart"). The test runs Payara Micro itself, as the run command does, so it can kill the real process
 * (SIGKILL: nothing shuts down cleanly) and start it again with the same key file, which holds the key that signs
 * resume tokens.
 */
class ServerRestartIT {

    private static LaunchedServer server;

    @BeforeAll
    static void startPayaraMicro() throws Exception {
        Path project = Path.of(System.getProperty("callroom.projectDir", "."));
        Path target = Files.createDirectories(project.resolve("target"));
        Path root = WorkDirectory.clear(target.resolve("server-restart-root"));
        int port = FreePorts.take(1)[0];
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcallroom.address=127.0.0.1", "-Dcallroom.resume.grace-seconds=120", "-Dcallroom.room.capacity=3",
                "-Dcallroom.resume.key-file=" + root.resolve("resume.key"),
                "-jar", System.getProperty("payara.microJar", "target/payara-micro.jar"),
                "--nocluster", "--port", String.valueOf(port),
                "--prebootcommandfile", Path.of(System.getProperty("callroom.payaraConfig", "payara-config"), "pre-boot-commands.asadmin").toString(),
                "--deploy", System.getProperty("callroom.war", "target/callroom.war"), "--contextroot", "/");
        server = LaunchedServer.start(command, project, target.resolve("server-restart.log"), URI.create("http://127.0.0.1:" + port + "/"));
    }

    @AfterAll
    static void stopPayaraMicro() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theCallGoesOnWhileTheServerRestartsAndBothPagesResumeAsTheSamePeers() throws Exception {
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start(); Chromium carol = Chromium.start()) {
            CallPage alicePage = new CallPage(alice.driver).open(server.base, "e2e-restart", "Alice");
            alicePage.join();
            alicePage.awaitState("waiting");
            CallPage bobPage = new CallPage(bob.driver).open(server.base, "e2e-restart", "Bob");
            bobPage.join();
            for (CallPage page : List.of(alicePage, bobPage)) {
                page.awaitRemoteMediaPlaying();
                page.awaitState("connected");
                page.recordStates();
                page.rememberRemoteTiles();
            }
            String aliceId = alicePage.selfPeerId();
            String bobId = bobPage.selfPeerId();
            assertEquals(List.of(bobId), alicePage.remotePeerIds());
            assertEquals(List.of(aliceId), bobPage.remotePeerIds());

            server.kill();
            for (CallPage page : List.of(alicePage, bobPage)) {
                page.awaitState("reconnecting");
                assertEquals("Reconnecting…", page.find("connection-state").getText());
            }
            for (int sample = 0; sample < 4; sample++) {
                assertTrue(alicePage.remoteMediaPlaying(), "Bob's media plays on Alice's page while the server is down");
                assertTrue(bobPage.remoteMediaPlaying(), "Alice's media plays on Bob's page while the server is down");
            }
            assertEquals("reconnecting", alicePage.state(), "no server to resume with yet");
            assertEquals("reconnecting", bobPage.state(), "no server to resume with yet");

            server = server.restart();
            for (CallPage page : List.of(alicePage, bobPage)) {
                page.waitFor(CallPage.CALL_SETUP, "the page to resume",
                        () -> "connected".equals(page.state()) && page.shownStates().contains("reconnecting"));
            }
            assertEquals(aliceId, alicePage.selfPeerId(), "Alice resumed as the same peer");
            assertEquals(bobId, bobPage.selfPeerId(), "Bob resumed as the same peer");
            for (CallPage page : List.of(alicePage, bobPage)) {
                assertTrue(page.remoteTilesKept(), "the same remote tile, with the same stream, and no other");
                assertTrue(page.remoteMediaPlaying(), "the media plays on");
                assertEquals(0, page.chatLines("left the call"), "nobody was announced gone");
                page.assertNoError();
            }
            assertEquals(1, alicePage.chatLines("Bob joined."), "Bob's return is not announced as a join");

            // The room re-formed on the restarted server: a newcomer finds both and connects to each.
            CallPage carolPage = new CallPage(carol.driver).open(server.base, "e2e-restart", "Carol");
            carolPage.join();
            carolPage.awaitRemoteMediaPlaying(2);
            assertEquals(Set.of(aliceId, bobId), Set.copyOf(carolPage.remotePeerIds()));
            alicePage.awaitRemoteMediaPlaying(2);
            bobPage.awaitRemoteMediaPlaying(2);
            carolPage.awaitState("connected");
            carolPage.assertNoError();
        }
    }
}
