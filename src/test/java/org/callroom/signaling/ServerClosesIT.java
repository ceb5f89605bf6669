package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * A socket the server closes itself for a cause a new socket would meet again (1003, 1008, 1009, 1013) gives up its
 * peer's place at once, on every server: the room hears {@code peer-left} long before the resume grace period ends.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class ServerClosesIT {

    /** Well inside the default 30 s grace period, which this deployment keeps: a correctness bound, not a timing. */
    private static final Duration AT_ONCE = Duration.ofSeconds(10);

    /** The default grace period; the flood limit shortened, so that the 1008 comes after a second of flooding. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar("callroom-closes.war", Map.of(
                "callroom.limits.flood-seconds", "1",
                // Room for the 1013 test's sender, whose client splits each 63 KB offer into several frames.
                "callroom.limits.frames-per-second", "200",
                "callroom.limits.frame-burst", "1000"));
    }

    @ArquillianResource
    URL deployed;

    private URI room(String name) {
        return Deployments.signaling(deployed, name);
    }

    @Test
    void aFrameOver64KiBIsAnnouncedAtOnce() throws Exception {
        try (TestPeer alice = TestPeer.join(room("closes-1009"), "Alice");
             RawWebSocket bob = joinedRaw("closes-1009", 0)) {
            String bobId = alice.expect("peer-joined").getString("peerId");
            try {
                bob.sendText("{\"type\":\"offer\",\"to\":\"" + alice.peerId + "\",\"sdp\":\"" + "a".repeat(70 * 1024) + "\"}");
            } catch (IOException closedWhileSending) {
                // The server may refuse the frame from its header and close before the client has finished sending it.
            }
            assertEquals(CloseCode.MESSAGE_TOO_BIG.code(), bob.awaitCloseCode(TestPeer.WAIT));
            assertEquals(bobId, alice.expect("peer-left", AT_ONCE).getString("peerId"));
        }
    }

    @Test
    void aFragmentedMessageOver64KiBIsAnnouncedAtOnce() throws Exception {
        try (TestPeer alice = TestPeer.join(room("closes-1009-parts"), "Alice");
             RawWebSocket bob = joinedRaw("closes-1009-parts", 0)) {
            String bobId = alice.expect("peer-joined").getString("peerId");
            byte[] part = "a".repeat(40 * 1024).getBytes(StandardCharsets.UTF_8);
            try {
                bob.send(RawWebSocket.TEXT, false, ("{\"type\":\"offer\",\"to\":\"" + alice.peerId + "\",\"sdp\":\"").getBytes(StandardCharsets.UTF_8));
                bob.send(RawWebSocket.CONTINUATION, false, part);
                bob.send(RawWebSocket.CONTINUATION, false, part);
            } catch (IOException closedWhileSending) {
                // Closed as soon as the parts add up to too much.
            }
            assertEquals(CloseCode.MESSAGE_TOO_BIG.code(), bob.awaitCloseCode(TestPeer.WAIT));
            assertEquals(bobId, alice.expect("peer-left", AT_ONCE).getString("peerId"));
        }
    }

    @Test
    void aBinaryFrameIsAnnouncedAtOnce() throws Exception {
        try (TestPeer alice = TestPeer.join(room("closes-1003"), "Alice");
             RawWebSocket bob = joinedRaw("closes-1003", 0)) {
            String bobId = alice.expect("peer-joined").getString("peerId");
            bob.send(RawWebSocket.BINARY, true, new byte[] {1, 2, 3});
            assertEquals(CloseCode.UNSUPPORTED_DATA.code(), bob.awaitCloseCode(TestPeer.WAIT));
            assertEquals(bobId, alice.expect("peer-left", AT_ONCE).getString("peerId"));
        }
    }

    @Test
    void aFlooderClosedForTheRateLimitIsAnnouncedAtOnce() throws Exception {
        try (TestPeer alice = TestPeer.join(room("closes-1008"), "Alice");
             RawWebSocket bob = joinedRaw("closes-1008", 0)) {
            String bobId = alice.expect("peer-joined").getString("peerId");
            // Read all along, so that the answers never back up and only the rate limit can close it.
            CompletableFuture<Integer> closeCode = CompletableFuture.supplyAsync(() -> {
                try {
                    return bob.awaitCloseCode(Duration.ofSeconds(40));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            // Over the 200 frames a second for longer than the 1 s flood limit, until the server closes it.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            try {
                while (!closeCode.isDone() && System.nanoTime() < until) {
                    for (int i = 0; i < 10; i++) {
                        bob.sendText("{\"type\":\"ping\"}");
                    }
                    Thread.sleep(1);
                }
            } catch (IOException closed) {
                // The close the test waits for.
            }
            assertEquals(CloseCode.POLICY_VIOLATION.code(), closeCode.get(TestPeer.WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(bobId, alice.expect("peer-left", AT_ONCE).getString("peerId"));
        }
    }

    /** Continuation frames are metered as messages are: thousands of 1-byte parts of one message meet the rate limit. */
    @Test
    void aMessageInThousandsOfOneByteFramesIsRateLimitedAndItsSenderClosed() throws Exception {
        try (TestPeer alice = TestPeer.join(room("closes-parts-flood"), "Alice");
             RawWebSocket bob = joinedRaw("closes-parts-flood", 0)) {
            String bobId = alice.expect("peer-joined").getString("peerId");
            CompletableFuture<List<String>> heard = CompletableFuture.supplyAsync(() -> readUntilClose(bob));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            try {
                bob.send(RawWebSocket.TEXT, false, "{\"type\":\"ping\"".getBytes(StandardCharsets.UTF_8));
                while (!heard.isDone() && System.nanoTime() < until) {
                    for (int i = 0; i < 10; i++) {
                        bob.send(RawWebSocket.CONTINUATION, false, new byte[] {' '});
                    }
                    Thread.sleep(1);
                }
            } catch (IOException closed) {
                // The close the test waits for.
            }
            List<String> frames = heard.get(TestPeer.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(frames.stream().anyMatch(text -> text.contains("\"rate-limited\"")), "answered rate-limited");
            assertEquals("close " + CloseCode.POLICY_VIOLATION.code(), frames.get(frames.size() - 1));
            assertEquals(bobId, alice.expect("peer-left", AT_ONCE).getString("peerId"));
        }
    }

    /** Every text frame the server sends, then {@code close <code>}: read all along, so that nothing backs up. */
    private static List<String> readUntilClose(RawWebSocket socket) {
        List<String> texts = new ArrayList<>();
        try {
            while (true) {
                RawWebSocket.Frame frame = socket.read(Duration.ofSeconds(20));
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    texts.add("close " + frame.closeCode());
                    return texts;
                }
                texts.add(frame.text());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aReaderTooFarBehindIsAnnouncedAtOnce() throws Exception {
        try (TestPeer alice = TestPeer.join(room("closes-1013"), "Alice");
             RawWebSocket slow = joinedRaw("closes-1013", 8 * 1024)) {
            String slowId = alice.expect("peer-joined").getString("peerId");
            // It reads nothing from here on but answers the heartbeat, so only its mailbox's bound can close it.
            ScheduledExecutorService pongs = Executors.newSingleThreadScheduledExecutor();
            pongs.scheduleAtFixedRate(() -> {
                try {
                    slow.send(RawWebSocket.PONG, true, new byte[0]);
                } catch (IOException closed) {
                    // The server has closed it, which is what the test waits for.
                }
            }, 0, 500, TimeUnit.MILLISECONDS);
            try {
                String offer = "{\"type\":\"offer\",\"to\":\"" + slowId + "\",\"sdp\":\"v=0 " + "a".repeat(63_000) + "\"}";
                // 25 MB, far more than the socket buffers hold; a burst, then within the rate, so Alice is never limited.
                for (int i = 0; i < 400; i++) {
                    alice.send(offer);
                    if (i >= 190) {
                        Thread.sleep(40);
                    }
                }
                assertEquals(slowId, alice.expect("peer-left", AT_ONCE).getString("peerId"));
            } finally {
                pongs.shutdownNow();
            }
            int code;
            try {
                code = slow.awaitCloseCode(Duration.ofSeconds(30));
            } catch (EOFException | SocketException dropped) {
                // The close frame queues behind what it never read; a container may end the connection without it.
                code = -1;
            }
            assertTrue(code == CloseCode.TRY_AGAIN_LATER.code() || code == -1, "closed with " + code);
            assertTrue(alice.isOpen(), "the rest of the room carries on");
        }
    }

    private RawWebSocket joinedRaw(String name, int receiveBufferBytes) throws Exception {
        RawWebSocket socket = RawWebSocket.open(room(name), receiveBufferBytes);
        try {
            assertTrue(socket.upgraded(), socket.statusLine());
            socket.sendText("{\"type\":\"join\",\"name\":\"Bob\"}");
            RawWebSocket.Frame welcome = socket.read(TestPeer.WAIT);
            assertTrue(welcome.text().contains("\"type\":\"welcome\""), welcome.text());
            return socket;
        } catch (Exception | AssertionError e) {
            socket.close();
            throw e;
        }
    }
}
