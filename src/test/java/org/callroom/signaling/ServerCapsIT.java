package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.callroom.protocol.CloseCode;
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

/** A server at its caps on rooms and on sockets refuses the next one with a documented answer, and keeps serving the rest. */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
// The session test tolerates sockets still closing from the room test, not the other way round.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerCapsIT {

    private static final int SESSIONS = 4;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar("callroom-caps.war", Map.of(
                "callroom.room.capacity", "4",
                "callroom.limits.rooms", "2",
                "callroom.limits.sessions", String.valueOf(SESSIONS)));
    }

    @ArquillianResource
    URL deployed;

    private URI room(String name) {
        return Deployments.signaling(deployed, name);
    }

    @Test
    @Order(1)
    void aJoinThatWouldOpenARoomPastTheCapGetsServerBusyThen1013() throws Exception {
        try (TestPeer one = TestPeer.join(room("one"), "One");
                TestPeer two = TestPeer.join(room("two"), "Two");
                TestPeer three = TestPeer.connect(room("three"))) {
            three.send("{\"type\":\"join\",\"name\":\"Three\"}");
            three.expectError("server-busy");
            CloseReason closed = three.awaitClose();
            assertEquals(CloseCode.TRY_AGAIN_LATER.code(), closed.getCloseCode().getCode(), closed.toString());
            one.expectSilence(Duration.ofMillis(300));
            try (TestPeer more = TestPeer.join(room("two"), "More")) {
                assertEquals("More", two.expect("peer-joined").getString("name"), "rooms that exist still take peers");
            }
        }
    }

    @Test
    @Order(2)
    void aHandshakePastTheSessionCapGets503() throws Exception {
        List<RawWebSocket> open = new ArrayList<>();
        try {
            // The other test's sockets may still be closing, so fill up to the cap from whatever is open now.
            RawWebSocket socket = RawWebSocket.open(room("full"));
            while (socket.upgraded() && open.size() <= SESSIONS) {
                open.add(socket);
                socket = RawWebSocket.open(room("full"));
            }
            try (RawWebSocket refused = socket) {
                assertTrue(refused.statusLine().startsWith("HTTP/1.1 503"), refused.statusLine());
            }
            assertTrue(open.size() >= 1 && open.size() <= SESSIONS, "opened " + open.size());
        } finally {
            for (RawWebSocket socket : open) {
                socket.close();
            }
        }
    }
}
