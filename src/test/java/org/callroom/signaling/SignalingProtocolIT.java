package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

/** The wire contract of docs/protocol.md, checked with real WebSocket clients against the WAR on each server under test. */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers") // Run on Payara Server and WildFly too (pom.xml): the contract must hold on any Jakarta WebSocket container.
class SignalingProtocolIT {

    private static final Duration QUIET = Duration.ofMillis(700);

    /** A dropped socket's peer is announced as gone once its resume grace period is over: two seconds here. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar("callroom-protocol.war", Map.of("callroom.resume.grace-seconds", "2"));
    }

    @ArquillianResource
    URL deployed;

    private URI room(String name) {
        return Deployments.signaling(deployed, name);
    }

    @Test
    void thePageIsServedAtTheContextRoot() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(Deployments.loopback(deployed)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("data-testid=\"join\""), page.body());
        // Without callroom.embed.origins no other site may frame it (CallPageHeadersIT checks the rest of the policy).
        assertEquals(List.of("default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"),
                page.headers().allValues("Content-Security-Policy"));
    }

    @Test
    void aPlainRequestToTheSignalingPathIsToldToUpgrade() throws Exception {
        URL signal = URI.create(room("plain").toString().replaceFirst("^ws", "http")).toURL();
        for (String method : new String[] {"GET", "POST"}) {
            // HttpURLConnection, because the JDK HttpClient does not show a response's Upgrade header.
            HttpURLConnection request = (HttpURLConnection) signal.openConnection();
            try {
                request.setRequestMethod(method);
                if (method.equals("POST")) {
                    request.setDoOutput(true);
                    request.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
                }
                assertEquals(426, request.getResponseCode(), method);
                assertEquals("websocket", request.getHeaderField("Upgrade"), method);
                String body = new String(request.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(body.contains("WebSocket"), body);
            } finally {
                request.disconnect();
            }
        }
    }

    @Test
    void joinIsWelcomedAndTheRoomIsTold() throws Exception {
        try (TestPeer alice = TestPeer.connect(room("welcome"))) {
            alice.send("{\"type\":\"join\",\"name\":\"  Alice  \"}");
            JsonObject welcome = alice.expect("welcome");
            assertEquals("welcome", welcome.getString("room"));
            assertEquals(0, welcome.getJsonArray("peers").size());
            assertEquals(0, welcome.getJsonArray("iceServers").size());
            String aliceId = welcome.getString("peerId");
            assertTrue(aliceId.length() >= 20, "unguessable id: " + aliceId);

            try (TestPeer bob = TestPeer.connect(room("welcome"))) {
                bob.send("{\"name\":\"Bob\",\"type\":\"join\"}");
                JsonObject bobWelcome = bob.expect("welcome");
                assertEquals(aliceId, bobWelcome.getJsonArray("peers").getJsonObject(0).getString("peerId"));
                assertEquals("Alice", bobWelcome.getJsonArray("peers").getJsonObject(0).getString("name"));
                JsonObject joined = alice.expect("peer-joined");
                assertEquals(bobWelcome.getString("peerId"), joined.getString("peerId"));
                assertEquals("Bob", joined.getString("name"));
                assertNotEquals(aliceId, bobWelcome.getString("peerId"));
            }
        }
    }

    @Test
    void offersAnswersAndCandidatesReachOnlyTheAddresseeStampedWithTheSender() throws Exception {
        try (TestPeer alice = TestPeer.join(room("relay"), "Alice");
             TestPeer bob = TestPeer.join(room("relay"), "Bob");
             TestPeer outsider = TestPeer.join(room("relay-elsewhere"), "Eve")) {
            alice.expect("peer-joined");

            bob.send("{\"type\":\"offer\",\"to\":\"" + alice.peerId + "\",\"from\":\"forged\",\"sdp\":\"v=0 offer\"}");
            JsonObject offer = alice.expect("offer");
            assertEquals(bob.peerId, offer.getString("from"));
            assertEquals("v=0 offer", offer.getString("sdp"));

            alice.send("{\"type\":\"answer\",\"to\":\"" + bob.peerId + "\",\"sdp\":\"v=0 answer\"}");
            JsonObject answer = bob.expect("answer");
            assertEquals(alice.peerId, answer.getString("from"));
            assertEquals("v=0 answer", answer.getString("sdp"));

            bob.send("{\"type\":\"candidate\",\"to\":\"" + alice.peerId + "\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}");
            JsonObject candidate = alice.expect("candidate");
            assertEquals(bob.peerId, candidate.getString("from"));
            assertEquals("candidate:1 1 udp 1 127.0.0.1 5000 typ host", candidate.getJsonObject("candidate").getString("candidate"));
            assertEquals("0", candidate.getJsonObject("candidate").getString("sdpMid"));
            assertEquals(0, candidate.getJsonObject("candidate").getInt("sdpMLineIndex"));

            bob.send("{\"type\":\"candidate\",\"to\":\"" + alice.peerId + "\",\"candidate\":null}");
            JsonObject end = alice.expect("candidate");
            assertEquals(JsonValue.NULL, end.get("candidate"), "end of candidates stays an explicit null");

            bob.expectSilence(QUIET);
            outsider.expectSilence(QUIET);
        }
    }

    @Test
    void roomsAreIsolated() throws Exception {
        try (TestPeer alice = TestPeer.join(room("iso-a"), "Alice");
             TestPeer carol = TestPeer.join(room("iso-b"), "Carol")) {
            alice.send("{\"type\":\"offer\",\"to\":\"" + carol.peerId + "\",\"sdp\":\"v=0\"}");
            alice.expectError("unknown-peer");
            carol.expectSilence(QUIET);
        }
    }

    @Test
    void abruptDisconnectTellsTheRoomPeerLeft() throws Exception {
        try (TestPeer alice = TestPeer.join(room("abrupt"), "Alice")) {
            CompletableFuture<String> welcome = new CompletableFuture<>();
            WebSocket bob = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(room("abrupt"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            welcome.complete(data.toString());
                            socket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            bob.sendText("{\"type\":\"join\",\"name\":\"Bob\"}", true);
            welcome.get(10, TimeUnit.SECONDS);
            String bobId = alice.expect("peer-joined").getString("peerId");

            bob.abort(); // No close frame: the TCP connection just goes away.

            assertEquals(bobId, alice.expect("peer-left").getString("peerId"));
        }
    }

    @Test
    void leaveTellsTheRoomAndClosesNormally() throws Exception {
        try (TestPeer alice = TestPeer.join(room("leave"), "Alice");
             TestPeer bob = TestPeer.join(room("leave"), "Bob")) {
            alice.expect("peer-joined");
            bob.send("{\"type\":\"leave\"}");
            assertEquals(bob.peerId, alice.expect("peer-left").getString("peerId"));
            assertEquals(CloseReason.CloseCodes.NORMAL_CLOSURE, bob.awaitClose().getCloseCode());
        }
    }

    @Test
    void badInputGetsADocumentedErrorAndTheSocketAndRoomCarryOn() throws Exception {
        try (TestPeer alice = TestPeer.join(room("errors"), "Alice");
             TestPeer bob = TestPeer.connect(room("errors"))) {
            bob.send("{\"type\":\"offer\",\"to\":\"" + alice.peerId + "\",\"sdp\":\"v=0\"}");
            bob.expectError("not-joined");
            bob.send("{\"type\":\"join\",\"name\":\"Bob\"}");
            bob.peerId = bob.expect("welcome").getString("peerId");
            alice.expect("peer-joined");

            bob.send("this is not json");
            bob.expectError("bad-message");
            // A frame that ends inside a value nobody reads: once, this kept the reading thread busy forever.
            bob.send("{\"type\":\"leave\",\"x\":[");
            bob.expectError("bad-message");
            bob.send("[1,2,3]");
            bob.expectError("bad-message");
            bob.send("{\"type\":\"join\",\"name\":\"Bob again\"}");
            bob.expectError("bad-message");
            bob.send("{\"type\":\"offer\",\"to\":\"" + alice.peerId + "\"}");
            bob.expectError("bad-message");
            bob.send("{\"type\":\"dance\"}");
            bob.expectError("unknown-type");
            bob.send("{\"type\":\"welcome\",\"peerId\":\"x\",\"room\":\"r\",\"peers\":[],\"iceServers\":[]}");
            bob.expectError("unknown-type");
            bob.send("{\"type\":\"offer\",\"to\":\"nobody-here\",\"sdp\":\"v=0\"}");
            bob.expectError("unknown-peer");
            // An unpaired surrogate cannot be encoded for the addressee: refused at the sender, never relayed.
            bob.send("{\"type\":\"offer\",\"to\":\"" + alice.peerId + "\",\"sdp\":\"v=0 \\ud800\"}");
            bob.expectError("bad-message");

            alice.expectSilence(QUIET);
            bob.send("{\"type\":\"offer\",\"to\":\"" + alice.peerId + "\",\"sdp\":\"v=0 still works\"}");
            assertEquals("v=0 still works", alice.expect("offer").getString("sdp"));
            assertTrue(bob.isOpen());
        }
    }

    @Test
    void joinNamesAreValidated() throws Exception {
        try (TestPeer alice = TestPeer.join(room("names"), "Alice");
             TestPeer peer = TestPeer.connect(room("names"))) {
            peer.send("{\"type\":\"join\",\"name\":\"   \"}");
            peer.expectError("bad-message");
            peer.send("{\"type\":\"join\",\"name\":\"" + "x".repeat(65) + "\"}");
            peer.expectError("bad-message");
            peer.send("{\"type\":\"join\",\"name\":\"tab\\there\"}");
            peer.expectError("bad-message");
            peer.send("{\"type\":\"join\",\"name\":\"Zoë 😀\"}");
            peer.expect("welcome");
            // Sent back out intact, as UTF-8.
            assertEquals("Zoë 😀", alice.expect("peer-joined").getString("name"));
        }
    }

    @Test
    void aFullRoomRefusesTheNextPeerAndClosesItsSocket() throws Exception {
        try (TestPeer alice = TestPeer.join(room("full"), "Alice");
             TestPeer bob = TestPeer.join(room("full"), "Bob");
             TestPeer carol = TestPeer.connect(room("full"))) {
            alice.expect("peer-joined");
            carol.send("{\"type\":\"join\",\"name\":\"Carol\"}");
            carol.expectError("room-full");
            assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, carol.awaitClose().getCloseCode());
            alice.expectSilence(QUIET);
            bob.expectSilence(QUIET);
        }
    }

    @Test
    void aFrameOver64KiBClosesOnlyTheSenderWith1009() throws Exception {
        try (TestPeer alice = TestPeer.join(room("big"), "Alice");
             TestPeer bob = TestPeer.join(room("big"), "Bob")) {
            alice.expect("peer-joined");
            String justFits = "{\"type\":\"offer\",\"to\":\"" + alice.peerId + "\",\"sdp\":\"";
            String sdp = "a".repeat(64 * 1024 - justFits.length() - 2);
            bob.send(justFits + sdp + "\"}");
            assertEquals(sdp.length(), alice.expect("offer").getString("sdp").length(), "a 64 KiB frame is accepted");

            try {
                bob.send("{\"type\":\"offer\",\"to\":\"" + alice.peerId + "\",\"sdp\":\"" + "a".repeat(64 * 1024) + "\"}");
            } catch (IOException | RuntimeException closedWhileSending) {
                // The server may refuse the frame from its header and close before the client has finished sending it.
            }
            assertEquals(CloseReason.CloseCodes.TOO_BIG, bob.awaitClose().getCloseCode());
            assertEquals(bob.peerId, alice.expect("peer-left").getString("peerId"));
            assertTrue(alice.isOpen());
        }
    }

    @Test
    void binaryFramesCloseTheSenderWith1003() throws Exception {
        // A raw client: the server's close can overtake a Tyrus client still finishing its own send.
        try (RawWebSocket peer = joinedRaw("binary")) {
            peer.send(RawWebSocket.BINARY, true, new byte[] {1, 2, 3});
            assertEquals(1003, peer.awaitCloseCode(TestPeer.WAIT));
        }
    }

    @Test
    void aMessageSentInFragmentsIsPutTogether() throws Exception {
        try (TestPeer alice = TestPeer.join(room("fragments"), "Alice");
             RawWebSocket bob = joinedRaw("fragments")) {
            alice.expect("peer-joined");
            String offer = "{\"type\":\"offer\",\"to\":\"" + alice.peerId + "\",\"sdp\":\"v=0 in three parts\"}";
            bob.send(RawWebSocket.TEXT, false, offer.substring(0, 10).getBytes(StandardCharsets.UTF_8));
            bob.send(RawWebSocket.CONTINUATION, false, offer.substring(10, 30).getBytes(StandardCharsets.UTF_8));
            bob.send(RawWebSocket.CONTINUATION, true, offer.substring(30).getBytes(StandardCharsets.UTF_8));
            assertEquals("v=0 in three parts", alice.expect("offer").getString("sdp"));
        }
    }

    @Test
    void aFragmentedMessageOver64KiBClosesOnlyTheSenderWith1009() throws Exception {
        try (TestPeer alice = TestPeer.join(room("big-parts"), "Alice");
             RawWebSocket bob = joinedRaw("big-parts")) {
            alice.expect("peer-joined");
            byte[] part = ("{\"type\":\"offer\",\"to\":\"" + alice.peerId + "\",\"sdp\":\"" + "a".repeat(40 * 1024)).getBytes(StandardCharsets.UTF_8);
            bob.send(RawWebSocket.TEXT, false, part);
            bob.send(RawWebSocket.CONTINUATION, false, "a".repeat(40 * 1024).getBytes(StandardCharsets.UTF_8));
            assertEquals(1009, bob.awaitCloseCode(TestPeer.WAIT));
            alice.expect("peer-left");
            assertTrue(alice.isOpen());
        }
    }

    /**
     * A frame header claiming a terabyte that never comes. A container may refuse it from the header alone (1009) or
     * wait for a payload that never arrives until the heartbeat drops the stalled sender (1001); either way the
     * socket does not hang.
     */
    @Test
    void aFrameClaimingMoreThan64KiBNeverHoldsTheSocket() throws Exception {
        try (RawWebSocket peer = joinedRaw("huge-header")) {
            peer.sendHeaderOnly(RawWebSocket.TEXT, 1L << 40);
            int code = peer.awaitCloseCode(HEARTBEAT.multipliedBy(6));
            assertTrue(code == CloseCode.MESSAGE_TOO_BIG.code() || code == CloseCode.GOING_AWAY.code(), "closed with " + code);
        }
    }

    private RawWebSocket joinedRaw(String name) throws Exception {
        return joinedRaw(name, 0);
    }

    private RawWebSocket joinedRaw(String name, int receiveBufferBytes) throws Exception {
        RawWebSocket socket = RawWebSocket.open(room(name), receiveBufferBytes);
        try {
            assertTrue(socket.upgraded(), socket.statusLine());
            socket.sendText("{\"type\":\"join\",\"name\":\"Raw\"}");
            RawWebSocket.Frame welcome = socket.read(TestPeer.WAIT);
            assertTrue(welcome.text().contains("\"type\":\"welcome\""), welcome.text());
            return socket;
        } catch (Exception | AssertionError e) {
            socket.close();
            throw e;
        }
    }

    @Test
    void invalidRoomNamesAreRefusedWith1008() throws Exception {
        // The JDK client, because the server's close can race the Tyrus client's own handshake bookkeeping.
        for (String bad : new String[] {"has.dot", "x".repeat(65), "a+b", "%C3%A9", "sp%20ace"}) {
            CompletableFuture<Integer> closeCode = new CompletableFuture<>();
            HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(room(bad), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                            closeCode.complete(statusCode);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket socket, Throwable error) {
                            closeCode.completeExceptionally(error);
                        }
                    }).get(10, TimeUnit.SECONDS);
            assertEquals(1008, closeCode.get(10, TimeUnit.SECONDS), bad);
        }
    }

    /** Heartbeat of the test deployment (arquillian.xml). */
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);

    @Test
    void aQuietSocketThatAnswersPingsStaysInTheCall() throws Exception {
        try (TestPeer alice = TestPeer.join(room("quiet"), "Alice");
             TestPeer bob = TestPeer.join(room("quiet"), "Bob")) {
            alice.expect("peer-joined");
            alice.expectSilence(HEARTBEAT.multipliedBy(4));
            bob.send("{\"type\":\"offer\",\"to\":\"" + alice.peerId + "\",\"sdp\":\"v=0 after a quiet while\"}");
            assertEquals("v=0 after a quiet while", alice.expect("offer").getString("sdp"));
        }
    }

    @Test
    void aSocketThatGoesSilentWithoutClosingIsDroppedAndTheRoomTold() throws Exception {
        try (TestPeer alice = TestPeer.join(room("silent"), "Alice");
             RawWebSocket silent = RawWebSocket.open(room("silent"))) {
            assertTrue(silent.upgraded(), silent.statusLine());
            silent.sendText("{\"type\":\"join\",\"name\":\"Sleepy laptop\"}");
            String sleepy = alice.expect("peer-joined").getString("peerId");
            // From here on the client neither reads nor answers pings, and its TCP connection stays up.
            JsonObject left = alice.expect("peer-left", HEARTBEAT.multipliedBy(6));
            assertEquals(sleepy, left.getString("peerId"));
        }
    }

    @Test
    void aSocketThatNeverJoinsIsClosed() throws Exception {
        try (TestPeer lurker = TestPeer.connect(room("lurk"))) {
            CloseReason closed = lurker.awaitClose(Heartbeat.JOIN_DEADLINE.plus(HEARTBEAT.multipliedBy(5)));
            assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, closed.getCloseCode());
        }
    }
}
