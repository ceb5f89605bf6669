package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.callroom.protocol.CloseCode;
import org.callroom.testing.Deployments;
import org.callroom.testing.RawWebSocket;
import org.callroom.testing.TestPeer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may open a signaling socket, and how fast it may send, on a deployment configured as an operator would: one
 * allowed portal origin, the loopback proxy trusted (so each test speaks for its own client addresses through
 * X-Forwarded-For), three sockets per address and a low frame rate.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class AdmissionIT {

    private static final String PORTAL = "http://portal.example:8000";
    private static final int PER_ADDRESS = 3;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar("callroom-admission.war", Map.of(
                "callroom.origins", PORTAL,
                "callroom.proxy.trusted", "127.0.0.1",
                "callroom.limits.sockets-per-address", String.valueOf(PER_ADDRESS),
                "callroom.limits.frames-per-second", "20",
                "callroom.limits.frame-burst", "40",
                "callroom.limits.flood-seconds", "2"));
    }

    @ArquillianResource
    URL deployed;

    private URI room(String name) {
        return Deployments.signaling(deployed, name);
    }

    private static Map<String, String> from(String address) {
        return Map.of("X-Forwarded-For", address);
    }

    private static String status(RawWebSocket socket) {
        return socket.statusLine().split(" ")[1];
    }

    @Test
    void aForeignOriginGets403AndHoldsNoSession() throws Exception {
        String address = "198.51.100.1";
        for (int i = 0; i < 2 * PER_ADDRESS; i++) {
            try (RawWebSocket refused = RawWebSocket.open(room("origins"), Map.of("Origin", "http://evil.example", "X-Forwarded-For", address))) {
                assertEquals("403", status(refused), refused.statusLine());
            }
        }
        // Had any refused handshake opened a session, it would hold one of the address's three places.
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                open.add(RawWebSocket.open(room("origins"), from(address)));
                assertTrue(open.get(i).upgraded(), open.get(i).statusLine());
            }
        } finally {
            for (RawWebSocket socket : open) {
                socket.close();
            }
        }
    }

    @Test
    void theConfiguredOriginAndThePagesOwnAreAccepted() throws Exception {
        try (TestPeer portal = TestPeer.connect(room("portal"), Map.of("Origin", PORTAL, "X-Forwarded-For", "198.51.100.2"))) {
            portal.send("{\"type\":\"join\",\"name\":\"From the portal\"}");
            portal.expect("welcome");
        }
        String own = "http://127.0.0.1:" + deployed.getPort();
        try (RawWebSocket page = RawWebSocket.open(room("portal"), Map.of("Origin", own, "X-Forwarded-For", "198.51.100.3"))) {
            assertTrue(page.upgraded(), page.statusLine());
        }
        try (RawWebSocket otherPort = RawWebSocket.open(room("portal"), Map.of("Origin", "http://127.0.0.1:1", "X-Forwarded-For", "198.51.100.3"))) {
            assertEquals("403", status(otherPort), "another port of the same host is another origin");
        }
    }

    @Test
    void behindTheTrustedProxyThePagesOwnOriginIsTheOneTheProxyWasReachedAt() throws Exception {
        String page = "https://calls.example.com";
        Map<String, Map<String, String>> proxies = Map.of(
                "X-Forwarded-*", Map.of("Origin", page, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "calls.example.com",
                        "X-Forwarded-For", "198.51.100.4"),
                "Forwarded", Map.of("Origin", page, "Forwarded", "for=198.51.100.4;proto=https;host=calls.example.com"));
        for (Map.Entry<String, Map<String, String>> proxy : proxies.entrySet()) {
            try (RawWebSocket socket = RawWebSocket.open(room("proxied"), proxy.getValue())) {
                assertTrue(socket.upgraded(), proxy.getKey() + ": " + socket.statusLine());
            }
        }
        try (RawWebSocket direct = RawWebSocket.open(room("proxied"), Map.of("Origin", page, "X-Forwarded-For", "198.51.100.4"))) {
            assertEquals("403", status(direct), "without the proxy's word, the page's origin is not this server's");
        }
    }

    @Test
    void anAddressAtItsCapGets429WhileOthersAreServed() throws Exception {
        String crowded = "203.0.113.10";
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                open.add(RawWebSocket.open(room("cap"), from(crowded)));
                assertTrue(open.get(i).upgraded(), open.get(i).statusLine());
            }
            try (RawWebSocket over = RawWebSocket.open(room("cap"), from(crowded))) {
                assertEquals("429", status(over), over.statusLine());
            }
            try (RawWebSocket other = RawWebSocket.open(room("cap"), from("203.0.113.11"))) {
                assertTrue(other.upgraded(), "another address is not affected: " + other.statusLine());
            }
            open.remove(0).close();
            // The server frees the place when it sees the socket close, which takes a moment.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean reopened = false;
            while (!reopened && System.nanoTime() < deadline) {
                RawWebSocket again = RawWebSocket.open(room("cap"), from(crowded));
                reopened = again.upgraded();
                if (reopened) {
                    open.add(again);
                } else {
                    again.close();
                    Thread.sleep(100);
                }
            }
            assertTrue(reopened, "a closed socket gives its place back");
        } finally {
            for (RawWebSocket socket : open) {
                socket.close();
            }
        }
    }

    @Test
    void aClientsOwnForwardedHeaderCannotChooseItsAddressThroughTheProxy() throws Exception {
        // The deployment trusts loopback and reads X-Forwarded-For, as DEPLOYING.md's nginx writes it; a client's own
        // Forwarded header reaches the server unchanged through such a proxy.
        String real = "203.0.113.20";
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                open.add(RawWebSocket.open(room("chosen"), Map.of("X-Forwarded-For", real, "Forwarded", "for=198.51.100." + (100 + i))));
                assertTrue(open.get(i).upgraded(), open.get(i).statusLine());
            }
            try (RawWebSocket over = RawWebSocket.open(room("chosen"), Map.of("X-Forwarded-For", real, "Forwarded", "for=198.51.100.200"))) {
                assertEquals("429", status(over), "the address the proxy wrote is counted, whatever Forwarded says: " + over.statusLine());
            }
            try (RawWebSocket other = RawWebSocket.open(room("chosen"), Map.of("X-Forwarded-For", "203.0.113.21", "Forwarded", "for=198.51.100.100"))) {
                assertTrue(other.upgraded(), "another X-Forwarded-For is another client: " + other.statusLine());
            }
        } finally {
            for (RawWebSocket socket : open) {
                socket.close();
            }
        }
    }

    @Test
    void anIpv6ClientsWholeSlash64SharesOneCap() throws Exception {
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 1; i <= PER_ADDRESS; i++) {
                open.add(RawWebSocket.open(room("ipv6"), from("2001:db8:24:1::" + i)));
                assertTrue(open.get(i - 1).upgraded(), open.get(i - 1).statusLine());
            }
            try (RawWebSocket over = RawWebSocket.open(room("ipv6"), from("2001:db8:24:1:ffff::99"))) {
                assertEquals("429", status(over), "a new address in the same /64 is the same client: " + over.statusLine());
            }
            try (RawWebSocket other = RawWebSocket.open(room("ipv6"), from("2001:db8:24:2::1"))) {
                assertTrue(other.upgraded(), "another /64 is another client: " + other.statusLine());
            }
        } finally {
            for (RawWebSocket socket : open) {
                socket.close();
            }
        }
    }

    @Test
    void aFlooderIsRateLimitedThenClosedWith1008WhileAnotherRoomRelaysEverything() throws Exception {
        try (TestPeer flooder = TestPeer.connect(room("flood"), from("192.0.2.1"));
                TestPeer target = TestPeer.connect(room("flood"), from("192.0.2.2"));
                TestPeer calmSender = TestPeer.connect(room("calm"), from("192.0.2.3"));
                TestPeer calmReceiver = TestPeer.connect(room("calm"), from("192.0.2.4"))) {
            String targetId = joined(target, "Target");
            joined(flooder, "Flooder");
            String receiverId = joined(calmReceiver, "Receiver");
            joined(calmSender, "Sender");
            target.expect("peer-joined");
            calmReceiver.expect("peer-joined");

            // The calm room: ten offers a second, half the limit, for as long as the flood lasts.
            int calmMessages = 40;
            CompletableFuture<Void> calm = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < calmMessages; i++) {
                        calmSender.send("{\"type\":\"offer\",\"to\":\"" + receiverId + "\",\"sdp\":\"calm " + i + "\"}");
                        Thread.sleep(100);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // About 500 frames a second, 25 times the limit, until the server closes the socket.
            int sent = 0;
            long start = System.nanoTime();
            while (flooder.isOpen() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15)) {
                try {
                    flooder.send("{\"type\":\"offer\",\"to\":\"" + targetId + "\",\"sdp\":\"flood " + sent + "\"}");
                    sent++;
                } catch (Exception closing) {
                    break;
                }
                if (sent % 10 == 0) {
                    Thread.sleep(20);
                }
            }
            JsonObject limited = flooder.expectError("rate-limited");
            assertFalse(limited.getString("message").isEmpty());
            CloseReason closed = flooder.awaitClose();
            assertEquals(CloseCode.POLICY_VIOLATION.code(), closed.getCloseCode().getCode(), closed.toString());
            long floodedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(floodedMillis >= 1_500, "closed only after keeping at it for the flood time, not at once: " + floodedMillis + " ms");

            calm.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < calmMessages; i++) {
                assertEquals("calm " + i, calmReceiver.expect("offer").getString("sdp"), "the calm room's offers all arrive, in order");
            }
            calmSender.expectSilence(Duration.ofMillis(300));
            assertTrue(target.skipTo("peer-left").getString("peerId").length() > 0, "the flooder's room learns it left");
        }
    }

    private static String joined(TestPeer peer, String name) throws Exception {
        peer.send("{\"type\":\"join\",\"name\":\"" + name + "\"}");
        peer.peerId = peer.expect("welcome").getString("peerId");
        return peer.peerId;
    }
}
