package org.callroom.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.callroom.testing.CallPage;
import org.callroom.testing.Chromium;
import org.callroom.testing.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What happens when a peer does not come back within the grace period (docs/protocol.md, "Resume"): the others are
 * told it left, and its page says so and offers to join again. A short grace period (15 s; still longer than the page's
 * 10 s between pings, so its resume token is always valid a while) and rooms of three, so a peer can join afresh while
 * its old place is still kept.
 */
@ExtendWith(ArquillianExtension.class)
class GracePeriodIT {

    private static final int GRACE_SECONDS = 15;
    /** The server's heartbeat in the tests (arquillian.xml): a silent socket is dropped after three intervals. */
    private static final int HEARTBEAT_SECONDS = 2;
    /** When the others hear of a peer that vanished: its socket ends (at once, or by the heartbeat), then the grace period. */
    private static final Duration LEFT_BOUND = Duration.ofSeconds(3 * HEARTBEAT_SECONDS + GRACE_SECONDS);
    /**
     * When a cut-off page gives up: its token's life (the grace period here), the peer's side closed after the grace
     * period, the browser's 30 s to find a dead connection failed (or 20 s interrupted), and one slow retry (15 s ±20 %).
     */
    private static final Duration GIVE_UP_BOUND = Duration.ofSeconds(GRACE_SECONDS + 3 * HEARTBEAT_SECONDS + 30 + 18).plus(CallPage.CALL_SETUP);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar("callroom-grace.war", Map.of(
                "callroom.resume.grace-seconds", String.valueOf(GRACE_SECONDS),
                // The shortest resume token life allowed: the page's own trying ends soon after the grace period.
                "callroom.resume.token-seconds", String.valueOf(GRACE_SECONDS),
                "callroom.room.capacity", "3"));
    }

    @ArquillianResource
    URL deployed;

    private CallPage[] call(Chromium alice, Chromium bob, String room) {
        return CallPage.twoInACall(Deployments.loopback(deployed), alice, bob, room);
    }

    @Test
    void aPageKilledAbruptlyIsAnnouncedLeftWhenItsGracePeriodEnds() throws Exception {
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start()) {
            CallPage bobPage = call(alice, bob, "e2e-killed")[1];
            alice.kill(); // No pagehide, no leave: the server only sees the socket end.
            bobPage.waitFor(LEFT_BOUND.plus(CallPage.CALL_SETUP), "Alice to be announced gone",
                    () -> bobPage.chatLines("Alice left the call.") == 1);
            bobPage.awaitNoRemoteVideo();
            bobPage.awaitState("waiting");
            bobPage.assertNoError();
        }
    }

    @Test
    void aPageThatCannotReachTheServerWithinTheGracePeriodSaysSoAndRejoinJoinsAgain() throws Exception {
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start()) {
            CallPage[] pages = call(alice, bob, "e2e-rejoin");
            CallPage alicePage = pages[0];
            CallPage bobPage = pages[1];
            String oldId = alicePage.selfPeerId();
            alicePage.recordStates();
            alicePage.refuseNewSockets(true);
            alicePage.cutSignaling();
            // The token expires with the media to Bob still flowing: the call goes on, signaling down. Once Bob hears
            // Alice left and ends his side, Alice's connection dies too, and only then does her page give up.
            alicePage.waitFor(GIVE_UP_BOUND, "Alice's page to give up",
                    () -> alicePage.find("error").isDisplayed() && alicePage.find("error").getText().contains("Lost the connection to the call server."));
            assertTrue(alicePage.shownStates().contains("reconnecting"), alicePage.shownStates().toString());
            assertTrue(alicePage.shownStates().contains("signaling-down"), "the call went on while its media flowed: " + alicePage.shownStates());
            alicePage.awaitVisible("rejoin");
            bobPage.waitFor(LEFT_BOUND.plus(CallPage.CALL_SETUP), "Alice to be announced gone",
                    () -> bobPage.chatLines("Alice left the call.") == 1);

            alicePage.refuseNewSockets(false);
            alicePage.find("rejoin").click();
            alicePage.awaitRemoteMediaPlaying(1);
            bobPage.awaitRemoteMediaPlaying(1);
            assertNotEquals(oldId, alicePage.selfPeerId(), "joined afresh, as a new peer");
            assertEquals(List.of(alicePage.selfPeerId()), bobPage.remotePeerIds());
            assertTrue(alicePage.find("chat-log").getText().contains("You joined e2e-rejoin as Alice."));
            alicePage.assertNoError();
        }
    }

    @Test
    void aRefusedResumeJoinsAfreshAsANewPeerAndConnectsAgain() throws Exception {
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start()) {
            CallPage[] pages = call(alice, bob, "e2e-refused");
            CallPage alicePage = pages[0];
            CallPage bobPage = pages[1];
            String oldId = alicePage.selfPeerId();
            String bobId = bobPage.selfPeerId();
            alicePage.forgeNextResume();
            alicePage.cutSignaling();
            alicePage.waitFor(CallPage.CALL_SETUP, "Alice's page to join again as a new peer",
                    () -> alicePage.selfPeerId() != null && !oldId.equals(alicePage.selfPeerId()));
            String newId = alicePage.selfPeerId();
            alicePage.awaitChatLine("you joined it again");
            alicePage.awaitRemoteMediaPlaying(1);
            assertEquals(List.of(bobId), alicePage.remotePeerIds());
            // Bob connects to the new peer; the old one leaves once its grace period is over.
            bobPage.waitFor(LEFT_BOUND.plus(CallPage.CALL_SETUP), "Bob to see only Alice's new peer",
                    () -> List.of(newId).equals(bobPage.remotePeerIds()));
            bobPage.awaitRemoteMediaPlaying(1);
            alicePage.awaitState("connected");
            alicePage.assertNoError();
        }
    }
}
