package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.callroom.testing.Deployments;
import org.callroom.testing.RawWebSocket;
import org.callroom.testing.TestPeer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A dropped peer held for its resume counts against the address that made it: one address looping join and TCP reset
 * holds no more rooms than it has places, and a resume passes the place on instead of counting it twice. Behind the
 * trusted loopback proxy, each test speaks for its own client addresses through X-Forwarded-For.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
// The looping test leaves peers held for the whole grace period; the resume test needs a room of its own first.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeldPeerQuotaIT {

    private static final int PER_ADDRESS = 2;
    private static final int ROOMS = 4;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar("callroom-held.war", Map.of(
                "callroom.proxy.trusted", "127.0.0.1",
                "callroom.limits.sockets-per-address", String.valueOf(PER_ADDRESS),
                "callroom.limits.rooms", String.valueOf(ROOMS)));
    }

    @ArquillianResource
    URL deployed;

    private URI room(String name) {
        return Deployments.signaling(deployed, name);
    }

    private static Map<String, String> from(String address) {
        return Map.of("X-Forwarded-For", address);
    }

    private static JsonObject json(RawWebSocket.Frame frame) {
        try (var reader = Json.createReader(new StringReader(frame.text()))) {
            return reader.readObject();
        }
    }

    /** Opens a socket, joins and reads the answer (a welcome, or an error), or answers null if the handshake was refused. */
    private JsonObject joinThenReset(String room, String address, String join) throws Exception {
        RawWebSocket socket = RawWebSocket.open(room(room), from(address));
        if (!socket.upgraded()) {
            assertTrue(socket.statusLine().startsWith("HTTP/1.1 429"), socket.statusLine());
            socket.close();
            return null;
        }
        socket.sendText(join);
        JsonObject answer = json(socket.read(Duration.ofSeconds(10)));
        socket.reset();
        return answer;
    }

    @Test
    @Order(1)
    void aResumeFromTheSameAddressPassesThePlaceOnInsteadOfCountingItTwice() throws Exception {
        String address = "203.0.113.70";
        JsonObject welcome = joinThenReset("resumed", address, "{\"type\":\"join\",\"name\":\"Dropped\"}");
        assertEquals("welcome", welcome.getString("type"), welcome.toString());
        String resume = "{\"type\":\"join\",\"name\":\"Dropped\",\"resume\":\"" + welcome.getString("resumeToken") + "\"}";
        try (RawWebSocket back = RawWebSocket.open(room("resumed"), from(address))) {
            assertTrue(back.upgraded(), "the held peer's place and one more: " + back.statusLine());
            // The server learns of the reset a moment later; until then the peer is still connected on the old socket.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            JsonObject answer = json(back.send(resume));
            while (!answer.getString("type").equals("welcome") && System.nanoTime() < deadline) {
                assertEquals("resume-refused", answer.getString("code"), answer.toString());
                Thread.sleep(200);
                answer = json(back.send(resume));
            }
            assertEquals(Boolean.TRUE, answer.getBoolean("resumed", false), answer.toString());
            try (RawWebSocket another = RawWebSocket.open(room("elsewhere"), from(address))) {
                assertTrue(another.upgraded(), "the resumed socket holds the one place of the peer: " + another.statusLine());
            }
            back.sendText("{\"type\":\"leave\"}");
        }
    }

    @Test
    @Order(2)
    void anAddressLoopingJoinAndResetHoldsOnlyItsOwnPlacesAndOthersStillOpenRooms() throws Exception {
        String looper = "203.0.113.71";
        int welcomed = 0;
        int refused = 0;
        for (int i = 0; i < 3 * ROOMS; i++) {
            JsonObject answer = joinThenReset("loop-" + i, looper, "{\"type\":\"join\",\"name\":\"Looper\"}");
            if (answer == null) {
                refused++;
            } else if (answer.getString("type").equals("welcome")) {
                welcomed++;
            }
        }

        List<TestPeer> others = new ArrayList<>();
        try {
            for (int i = 0; i < ROOMS - PER_ADDRESS; i++) {
                TestPeer creator = TestPeer.connect(room("fresh-" + i), from("198.51.100." + (70 + i)));
                others.add(creator);
                creator.send("{\"type\":\"join\",\"name\":\"Creator\"}");
                creator.expect("welcome");
                TestPeer guest = TestPeer.connect(room("fresh-" + i), from("198.51.100." + (80 + i)));
                others.add(guest);
                guest.send("{\"type\":\"join\",\"name\":\"Guest\"}");
                guest.expect("welcome");
                assertEquals("Guest", creator.expect("peer-joined").getString("name"));
            }
        } finally {
            for (TestPeer peer : others) {
                if (peer.isOpen()) {
                    peer.send("{\"type\":\"leave\"}");
                }
                peer.close();
            }
        }
        assertEquals(PER_ADDRESS, welcomed, "the looping address holds as many rooms as it has places");
        assertEquals(3 * ROOMS - PER_ADDRESS, refused, "then its handshakes get 429 while its peers are held");
    }
}
