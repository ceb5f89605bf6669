package org.callroom.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.util.Map;
import org.callroom.testing.CallPage;
import org.callroom.testing.Chromium;
import org.callroom.testing.Chromium.Option;
import org.callroom.testing.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Dimension;

/** Two headless Chromium browsers with fake camera and microphone hold a real call through the deployed WAR. */
@ExtendWith(ArquillianExtension.class)
class CallPageIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar();
    }

    @ArquillianResource
    URL deployed;

    /** Opens the page, joins an empty room and waits there, as the first person of a call does. */
    private CallPage firstIn(Chromium browser, String room, String name) {
        CallPage page = new CallPage(browser.driver).open(Deployments.loopback(deployed), room, name);
        page.join();
        page.awaitState("waiting");
        return page;
    }

    @Test
    @Tag("all-servers") // One full call on Payara Server and WildFly too (pom.xml).
    void twoBrowsersSeeAndHearEachOtherChatAndHangUp() throws Exception {
        URI base = Deployments.loopback(deployed);
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start()) {
            CallPage alicePage = firstIn(alice, "e2e-call", "Alice");

            CallPage bobPage = new CallPage(bob.driver).open(base, "e2e-call", "Bob");
            bobPage.join();

            alicePage.awaitRemoteMediaPlaying();
            bobPage.awaitRemoteMediaPlaying();
            alicePage.awaitState("connected");
            bobPage.awaitState("connected");
            alicePage.assertNoError();
            bobPage.assertNoError();

            assertTrue(bobPage.remoteBrightness() > 40, "Alice's camera picture arrives");
            alicePage.find("toggle-video").click();
            assertEquals("true", alicePage.find("toggle-video").getAttribute("aria-pressed"));
            bobPage.waitFor(CallPage.CALL_SETUP, "Alice's picture to go black", () -> bobPage.remoteBrightness() < 5);
            alicePage.find("toggle-video").click();
            bobPage.waitFor(CallPage.CALL_SETUP, "Alice's picture to come back", () -> bobPage.remoteBrightness() > 40);

            bobPage.awaitRemoteAudio("Alice's microphone to be heard", peak -> peak > 0.05);
            alicePage.find("toggle-audio").click();
            assertEquals("Unmute", alicePage.find("toggle-audio").getText());
            bobPage.awaitRemoteAudio("Alice to fall silent", peak -> peak < 0.01);
            alicePage.find("toggle-audio").click();
            bobPage.awaitRemoteAudio("Alice to be heard again", peak -> peak > 0.05);

            alicePage.sendChat("Hello from Alice");
            bobPage.awaitChatLine("Alice");
            bobPage.awaitChatLine("Hello from Alice");
            bobPage.sendChat("Hi Alice, Bob here");
            alicePage.awaitChatLine("Hi Alice, Bob here");
            bobPage.screenshot("call-page");

            bob.driver.manage().window().setSize(new Dimension(800, 600));
            alicePage.hangUp();
            bobPage.awaitNoRemoteVideo();
            bobPage.awaitChatLine("Alice left the call.");
            bobPage.awaitState("waiting");
            assertTrue(bobPage.find("leave").isDisplayed());
            for (String control : new String[] {"leave", "toggle-audio", "toggle-video"}) {
                assertTrue(bobPage.reachable(control), control + " must not be covered by the 'left the call' notice");
            }
        }
    }

    @Test
    void theLobbyPreviewsTheCameraAndTheCallTakesOverThatSameCamera() throws Exception {
        try (Chromium browser = Chromium.start()) {
            CallPage page = new CallPage(browser.driver).open(Deployments.loopback(deployed), "e2e-preview", "Erin");
            page.awaitPreviewPlaying();
            assertEquals("Your camera", page.find("preview-status").getText());
            String previewTrack = page.videoTrackId("preview-video", true);
            assertNotNull(previewTrack);

            page.join();
            page.awaitState("waiting");
            assertEquals(previewTrack, page.videoTrackId("local-video", false), "the camera is opened once, not again on Join");
            assertNull(page.videoTrackId("preview-video", false));

            page.hangUp();
            page.waitFor(CallPage.CALL_SETUP, "the camera to be released", () -> "ended".equals(page.keptTrackState()));
            assertEquals("Camera is off", page.find("preview-status").getText());
            assertNull(page.videoTrackId("preview-video", false), "no camera in the lobby after hanging up");
            page.assertNoError();
        }
    }

    private static String lastSocketUrl(CallPage page) {
        return (String) page.driver().executeScript("return window.__sockets.at(-1).url");
    }

    @Test
    void theLobbyOpensTheSignalingSocketAheadAndJoinUsesIt() throws Exception {
        try (Chromium browser = Chromium.start()) {
            // The page's sockets are recorded, so the test sees which socket Join used.
            CallPage page = new CallPage(browser.driver).hookSockets().open(Deployments.loopback(deployed), "e2e-warm", "Erin");
            page.waitFor(CallPage.CALL_SETUP, "the lobby's socket to open", () -> page.sockets("OPEN") == 1);

            page.join();
            page.awaitState("waiting");
            assertEquals(1, page.sockets("any"), "Join used the socket the lobby opened instead of opening another");
            assertTrue(lastSocketUrl(page).endsWith("/signal/e2e-warm"), lastSocketUrl(page));
            page.hangUp();
            page.waitFor(CallPage.CALL_SETUP, "the call's socket to close", () -> page.sockets("OPEN") == 0);

            // Another room typed in the lobby: Join must reach that room, never the one the page opened with.
            page.setField("room", "e2e-warm-2");
            page.join();
            page.awaitState("waiting");
            assertTrue(lastSocketUrl(page).endsWith("/signal/e2e-warm-2"), lastSocketUrl(page));
            assertEquals(1, page.sockets("OPEN"), "only the call's socket stays open");
            page.hangUp();

            // The lobby's socket is gone by Join (closed here from the page, as the server's join deadline would close it):
            // Join opens a new one and the call starts without an error.
            page.driver().navigate().refresh();
            page.waitFor(CallPage.CALL_SETUP, "the lobby's socket to open", () -> page.sockets("OPEN") == 1);
            page.driver().executeScript("window.__sockets[0].close()");
            page.waitFor(CallPage.CALL_SETUP, "the lobby's socket to close", () -> page.sockets("OPEN") == 0);
            page.joinWithoutGesture(); // No pointer over Join, so nothing re-warms a socket first.
            page.awaitState("waiting");
            assertEquals(2, page.sockets("any"));
            page.assertNoError();
        }
    }

    @Test
    void withCameraAndMicrophoneDeniedTheCallStillWorksReceiveOnlyAndSaysWhy() throws Exception {
        URI base = Deployments.loopback(deployed);
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start(Option.DENY_MEDIA)) {
            CallPage alicePage = firstIn(alice, "e2e-denied", "Alice");

            CallPage bobPage = new CallPage(bob.driver).open(base, "e2e-denied", "Bob");
            bobPage.assertVisibleError("denied");
            assertEquals("No camera", bobPage.find("preview-status").getText(), "the lobby says so before Join");
            bobPage.join();
            bobPage.assertVisibleError("denied");
            assertEquals("warning", bobPage.find("error").getAttribute("data-severity"));
            assertFalse(bobPage.find("toggle-audio").isEnabled(), "nothing to mute without a microphone");

            bobPage.awaitRemoteMediaPlaying();
            alicePage.awaitState("connected");
            assertFalse(alicePage.remoteVideoHasFrames(), "Bob sends no video");

            bobPage.sendChat("I can see you but my camera is blocked");
            alicePage.awaitChatLine("I can see you but my camera is blocked");
        }
    }

    @Test
    void whenTheBrowserRefusesToStartSoundThePageOffersATapToStartIt() throws Exception {
        URI base = Deployments.loopback(deployed);
        try (Chromium alice = Chromium.start();
             Chromium bob = Chromium.start(Option.DENY_MEDIA, Option.AUTOPLAY_NEEDS_GESTURE)) {
            CallPage alicePage = firstIn(alice, "e2e-autoplay", "Alice");

            CallPage bobPage = new CallPage(bob.driver).open(base, "e2e-autoplay", "Bob");
            bobPage.joinWithoutGesture();
            bobPage.awaitVisible("start-audio");
            assertFalse(bobPage.remoteMediaPlaying(), "refused playback stays paused until the tap");

            bobPage.find("start-audio").click();
            bobPage.awaitRemoteMediaPlaying();
            assertFalse(bobPage.find("start-audio").isDisplayed());
        }
    }

    @Test
    void aFullRoomAndAnInvalidRoomNameAreExplainedInThePage() throws Exception {
        URI base = Deployments.loopback(deployed);
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start(); Chromium carol = Chromium.start()) {
            new CallPage(alice.driver).open(base, "e2e-full", "Alice").join();
            CallPage bobPage = new CallPage(bob.driver).open(base, "e2e-full", "Bob");
            bobPage.join();
            bobPage.awaitState("connected");

            CallPage carolPage = new CallPage(carol.driver).open(base, "e2e-full", "Carol");
            carolPage.join();
            carolPage.assertVisibleError("is full");
            assertTrue(carolPage.find("join").isDisplayed(), "back in the lobby");
            assertEquals("connected", bobPage.state(), "the call in the room goes on");

            carolPage.setField("room", "no spaces allowed");
            carolPage.join();
            carolPage.assertVisibleError("A room name is 1 to 64 letters");
            assertEquals("idle", carolPage.state());
        }
    }

    @Test
    void aBrowserWithoutWebRtcIsToldSoAndCannotJoin() throws Exception {
        try (Chromium old = Chromium.start()) {
            old.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                    Map.of("source", "delete window.RTCPeerConnection;"));
            CallPage page = new CallPage(old.driver).open(Deployments.loopback(deployed), "e2e-old", "Dana");
            page.assertVisibleError("cannot make calls");
            assertFalse(page.find("join").isEnabled());
        }
    }

    /**
     * The call page's negotiation module under glare: two PeerLinks in one page, relayed to each
     * other with random delays, both renegotiate in the same instant, round after round. The
     * polite side must yield each time, and both must end stable with the same media sections.
     */
    @Test
    void bothSidesRenegotiatingAtOnceConvergeWithoutGlare() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.driver.get(Deployments.loopback(deployed).toString());
            Object result = browser.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    (async () => {
                      const created = [];
                      const Native = window.RTCPeerConnection;
                      window.RTCPeerConnection = class extends Native {
                        constructor(config) { super(config); created.push(this); }
                      };
                      const { PeerLink } = await import(new URL('js/peer.js', document.baseURI));
                      const links = {};
                      const offers = { A: 0, B: 0 };
                      const channels = { A: Promise.resolve(), B: Promise.resolve() };
                      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
                      const signalingOf = (self) => ({
                        send(message) {
                          if (message.type === 'offer') offers[self]++;
                          // In order per direction, like the server's mailbox, with random latency.
                          channels[self] = channels[self].then(() => sleep(Math.random() * 40))
                            .then(() => links[message.to === 'B' ? 'onA' : 'onB'].receive({ ...message, from: self }));
                        },
                      });
                      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
                      const events = { onTrack() {}, onStateChange() {}, onChatOpen() {}, onChatClose() {}, onChat() {} };
                      // links.onB lives on side A and stands for peer B; A is the newcomer and offers first.
                      links.onB = new PeerLink({ peerId: 'B', name: 'B', polite: true, initiator: true,
                        signaling: signalingOf('A'), localStream: stream, iceServers: [], events });
                      links.onA = new PeerLink({ peerId: 'A', name: 'A', polite: false, initiator: false,
                        signaling: signalingOf('B'), localStream: stream, iceServers: [], events });
                      const [pcA, pcB] = created;
                      const until = async (what, test) => {
                        for (let i = 0; i < 300; i++) { if (test()) return; await sleep(50); }
                        throw new Error('timed out waiting for ' + what + ': ' + pcA.signalingState + '/' + pcB.signalingState);
                      };
                      await until('first connection', () => pcA.connectionState === 'connected' && pcB.connectionState === 'connected');
                      let collisions = 0;
                      for (let round = 0; round < 5; round++) {
                        const before = { ...offers };
                        pcA.addTransceiver('audio', { direction: 'recvonly' });
                        pcB.addTransceiver('video', { direction: 'recvonly' });
                        const mids = () => [pcA, pcB].map((pc) => pc.getTransceivers().filter((t) => t.mid !== null).length);
                        await until('round ' + round + ' to settle', () =>
                          pcA.signalingState === 'stable' && pcB.signalingState === 'stable'
                          && mids()[0] === mids()[1] && mids()[0] === 4 + 2 * round); // audio+video, then two more a round (the chat channel is no transceiver)
                        if (offers.A > before.A && offers.B > before.B) collisions++;
                      }
                      await sleep(500);
                      done({ ok: true, collisions, a: pcA.connectionState, b: pcB.connectionState,
                             stable: pcA.signalingState === 'stable' && pcB.signalingState === 'stable' });
                    })().catch((e) => done({ ok: false, error: String(e) }));
                    """);
            Map<?, ?> outcome = (Map<?, ?>) result;
            assertEquals(Boolean.TRUE, outcome.get("ok"), outcome.toString());
            assertTrue(((Number) outcome.get("collisions")).intValue() > 0, "offers really crossed: " + outcome);
            assertEquals(Boolean.TRUE, outcome.get("stable"), outcome.toString());
            assertEquals("connected", outcome.get("a"), outcome.toString());
            assertEquals("connected", outcome.get("b"), outcome.toString());
        }
    }
}
