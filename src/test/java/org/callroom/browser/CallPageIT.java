package org.callroom.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two headless Chromium browsers with fake camera and microphone hold a real call through the deployed WAR. */
@ExtendWith(ArquillianExtension.class)
class CallPageIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar();
    }

    @ArquillianResource
    URL deployed;

    @Test
    void twoBrowsersSeeAndHearEachOtherChatAndHangUp() throws Exception {
        URI base = Deployments.loopback(deployed);
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start()) {
            CallPage alicePage = new CallPage(alice.driver).open(base, "e2e-call", "Alice");
            alicePage.join();
            alicePage.awaitState("waiting");

            CallPage bobPage = new CallPage(bob.driver).open(base, "e2e-call", "Bob");
            bobPage.join();

            alicePage.awaitRemoteMediaPlaying();
            bobPage.awaitRemoteMediaPlaying();
            alicePage.awaitState("connected");
            bobPage.awaitState("connected");
            alicePage.assertNoError();
            bobPage.assertNoError();

            alicePage.sendChat("Hello from Alice");
            bobPage.awaitChatLine("Alice");
            bobPage.awaitChatLine("Hello from Alice");
            bobPage.sendChat("Hi Alice, Bob here");
            alicePage.awaitChatLine("Hi Alice, Bob here");
            bobPage.screenshot("call-page");

            alicePage.hangUp();
            bobPage.awaitNoRemoteVideo();
            bobPage.awaitChatLine("Alice left the call.");
            bobPage.awaitState("waiting");
        }
    }

    @Test
    void withCameraAndMicrophoneDeniedTheCallStillWorksReceiveOnlyAndSaysWhy() throws Exception {
        URI base = Deployments.loopback(deployed);
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start(Option.DENY_MEDIA)) {
            CallPage alicePage = new CallPage(alice.driver).open(base, "e2e-denied", "Alice");
            alicePage.join();
            alicePage.awaitState("waiting");

            CallPage bobPage = new CallPage(bob.driver).open(base, "e2e-denied", "Bob");
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
            CallPage alicePage = new CallPage(alice.driver).open(base, "e2e-autoplay", "Alice");
            alicePage.join();
            alicePage.awaitState("waiting");

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
}
