package org.callroom.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.callroom.testing.CallPage;
import org.callroom.testing.Chromium;
import org.callroom.testing.Coturn;
import org.callroom.testing.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Chromium browsers call through Debian's coturn with {@code callroom.ice.transport-policy=relay}: their media takes
 * the relay, neither learns the other's addresses, and when the relay dies and comes back the call recovers by an ICE
 * restart, without anyone doing anything.
 */
@ExtendWith(ArquillianExtension.class)
class RelayCallIT {

    private static final String SECRET = "relay-secret-for-tests-at-least-32-bytes-" + Long.toHexString(System.nanoTime());
    private static final int PORT = Coturn.freePort();
    /** The relay's restart waits out the page's back-off between ICE restarts (up to 30 s), then a new negotiation. */
    private static final Duration RECOVERY = Duration.ofSeconds(120);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar("callroom-relay.war", Map.of(
                "callroom.turn.urls", Coturn.url(PORT),
                "callroom.turn.secret", SECRET,
                "callroom.ice.transport-policy", "relay"));
    }

    @ArquillianResource
    URL deployed;

    /** Keeps every RTCPeerConnection the page creates, so the test can read its stats; the page itself is unchanged. */
    private static final String RECORD_PEER_CONNECTIONS = """
            window.__peerConnections = [];
            const NativePeerConnection = window.RTCPeerConnection;
            window.RTCPeerConnection = class extends NativePeerConnection {
              constructor(...args) { super(...args); window.__peerConnections.push(this); }
            };
            """;

    /** The call's connection as getStats() tells it: the selected pair's candidate types and every remote candidate's. */
    private static final String SELECTED_PAIR = """
            const done = arguments[arguments.length - 1];
            const pc = window.__peerConnections.at(-1);
            pc.getStats().then((stats) => {
              let pair = null;
              const remoteTypes = [];
              stats.forEach((report) => {
                if (report.type === 'transport' && report.selectedCandidatePairId) pair = stats.get(report.selectedCandidatePairId);
                if (report.type === 'remote-candidate') remoteTypes.push(report.candidateType);
              });
              done(pair && {
                state: pair.state,
                local: stats.get(pair.localCandidateId).candidateType,
                remote: stats.get(pair.remoteCandidateId).candidateType,
                remoteTypes,
                policy: pc.getConfiguration().iceTransportPolicy,
              });
            }, (error) => done({ error: String(error) }));
            """;

    private CallPage open(Chromium browser, String room, String name) {
        browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_PEER_CONNECTIONS));
        return new CallPage(browser.driver).open(Deployments.loopback(deployed), room, name);
    }

    /** Both pages in one call, media playing both ways. */
    private static void awaitCall(CallPage alice, CallPage bob) {
        alice.awaitRemoteMediaPlaying();
        bob.awaitRemoteMediaPlaying();
        alice.awaitState("connected");
        bob.awaitState("connected");
        alice.assertNoError();
        bob.assertNoError();
    }

    private static void assertRelayed(CallPage page, String who) {
        Map<?, ?> pair = (Map<?, ?>) page.driver().executeAsyncScript(SELECTED_PAIR);
        assertNotNull(pair, who + " has no selected candidate pair");
        assertEquals("relay", pair.get("policy"), who + "'s RTCPeerConnection got the welcome's policy: " + pair);
        assertEquals("relay", pair.get("local"), who + "'s media leaves through the relay: " + pair);
        assertEquals("relay", pair.get("remote"), who + "'s media arrives from the other's relay: " + pair);
        List<?> remoteTypes = (List<?>) pair.get("remoteTypes");
        assertTrue(!remoteTypes.isEmpty() && remoteTypes.stream().allMatch("relay"::equals),
                who + " learns relayed candidates only, none with the other's own address: " + pair);
    }

    private static long iceRestarts(CallPage page) {
        return (Long) page.driver().executeScript("return performance.getEntriesByName('callroom:ice-restart').length");
    }

    @Test
    void withTheRelayPolicyTwoBrowsersCallThroughCoturn() throws Exception {
        try (Coturn coturn = Coturn.start("relay-call", PORT, SECRET);
                Chromium aliceBrowser = Chromium.start(); Chromium bobBrowser = Chromium.start()) {
            CallPage alice = open(aliceBrowser, "relay-call", "Alice");
            alice.join();
            alice.awaitState("waiting");
            CallPage bob = open(bobBrowser, "relay-call", "Bob");
            bob.join();
            awaitCall(alice, bob);
            assertRelayed(alice, "Alice");
            assertRelayed(bob, "Bob");
            assertEquals(0, iceRestarts(alice) + iceRestarts(bob), "a call that never broke needs no ICE restart");
        }
    }

    @Test
    void whenTheRelayDiesAndComesBackAnIceRestartRecoversTheCall() throws Exception {
        try (Chromium aliceBrowser = Chromium.start(); Chromium bobBrowser = Chromium.start()) {
            CallPage alice;
            CallPage bob;
            try (Coturn coturn = Coturn.start("relay-restart-1", PORT, SECRET)) {
                alice = open(aliceBrowser, "relay-restart", "Alice");
                alice.join();
                alice.awaitState("waiting");
                bob = open(bobBrowser, "relay-restart", "Bob");
                bob.join();
                awaitCall(alice, bob);
                assertRelayed(alice, "Alice");
            }
            // The relay is gone: with relay-only media nothing gets through, and the page says it is reconnecting.
            alice.awaitState("reconnecting-media");
            bob.awaitState("reconnecting-media");
            assertTrue(iceRestarts(alice) > 0 && iceRestarts(bob) > 0, "both restarted ICE by themselves");
            // A restart while the relay is down gets nowhere, so each page tries again (less often each time).
            alice.waitFor(RECOVERY, "Alice to restart ICE again", () -> iceRestarts(alice) >= 2);
            bob.waitFor(RECOVERY, "Bob to restart ICE again", () -> iceRestarts(bob) >= 2);
            assertEquals("reconnecting-media", alice.state());

            try (Coturn coturn = Coturn.start("relay-restart-2", PORT, SECRET)) {
                alice.waitFor(RECOVERY, "Alice's call to recover", () -> "connected".equals(alice.state()));
                bob.waitFor(RECOVERY, "Bob's call to recover", () -> "connected".equals(bob.state()));
                awaitCall(alice, bob);
                assertRelayed(alice, "Alice");
                assertRelayed(bob, "Bob");
            }
        }
    }
}
