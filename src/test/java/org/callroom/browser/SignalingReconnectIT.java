package org.callroom.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
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
 * A call whose signaling socket is lost goes on: the page reconnects by itself and resumes as the same peer, keeping
 * every connection and tile, and the other side never hears that anyone left (docs/protocol.md, "Resume").
 * The default grace period (30 s) applies.
 */
@ExtendWith(ArquillianExtension.class)
class SignalingReconnectIT {

    /** docs/protocol.md, "Liveness": a ping every 10 s, and a socket silent for 5 s after one is dead. */
    private static final Duration DEAD_SOCKET_BOUND = Duration.ofSeconds(15);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar();
    }

    @ArquillianResource
    URL deployed;

    /** The two pages of one call, Alice's with its sockets hooked; both play each other's media. */
    private record Call(CallPage alice, CallPage bob, String aliceId, String bobId) {
    }

    private Call call(Chromium alice, Chromium bob, String room) {
        CallPage[] pages = CallPage.twoInACall(Deployments.loopback(deployed), alice, bob, room);
        CallPage alicePage = pages[0];
        CallPage bobPage = pages[1];
        String aliceId = alicePage.selfPeerId();
        String bobId = bobPage.selfPeerId();
        assertEquals(List.of(bobId), alicePage.remotePeerIds());
        assertEquals(List.of(aliceId), bobPage.remotePeerIds());
        alicePage.recordStates();
        alicePage.rememberRemoteTiles();
        bobPage.rememberRemoteTiles();
        return new Call(alicePage, bobPage, aliceId, bobId);
    }

    /** Alice's page showed Reconnecting… and is connected again, as the same peer, with the same tile and media as before. */
    private static void assertResumed(Call call) {
        CallPage alice = call.alice();
        alice.waitFor(CallPage.CALL_SETUP, "Alice's page to reconnect and resume",
                () -> alice.shownStates().contains("reconnecting") && "connected".equals(alice.state()));
        assertEquals(call.aliceId(), alice.selfPeerId(), "resumed as the same peer");
        assertEquals(1L, alice.sockets("OPEN"), "one signaling socket open again");
        assertTrue(alice.remoteTilesKept(), "Alice's tile of Bob is the same one, with the same stream");
        assertTrue(call.bob().remoteTilesKept(), "Bob's tile of Alice is the same one, with the same stream");
        assertTrue(alice.remoteMediaPlaying(), "Bob's media plays on Alice's page");
        assertTrue(call.bob().remoteMediaPlaying(), "Alice's media plays on Bob's page");
        assertEquals(0, call.bob().chatLines("left the call"), "Bob never hears that Alice left");
        assertEquals(1, alice.chatLines("Bob joined"), "Bob is not announced again");
        alice.assertNoError();
        call.bob().assertNoError();
    }

    @Test
    void aSocketClosedUnderThePageIsResumedAsTheSamePeer() throws Exception {
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start()) {
            Call call = call(alice, bob, "e2e-cut");
            call.alice().cutSignaling();
            assertResumed(call);
            assertEquals(2L, call.alice().sockets("any"), "one new socket, at once");
        }
    }

    @Test
    void aSocketThatFallsSilentIsNoticedWithinFifteenSecondsAndResumed() throws Exception {
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start()) {
            Call call = call(alice, bob, "e2e-silent");
            // The connection stays up (the browser still answers the server's WebSocket pings): only the page's
            // own ping can tell that nothing gets through any more.
            call.alice().silenceSignaling();
            call.alice().waitFor(DEAD_SOCKET_BOUND.plus(CallPage.CALL_SETUP), "the silent socket to be noticed",
                    () -> call.alice().shownStates().contains("reconnecting"));
            assertResumed(call);
        }
    }
}
