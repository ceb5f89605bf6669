package org.callroom.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.callroom.testing.Coturn;
import org.callroom.testing.Deployments;
import org.callroom.testing.TestPeer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The TURN credentials a welcome carries are the ones Debian's coturn accepts, and coturn refuses a wrong or expired one. */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class TurnCredentialIT {

    private static final String SECRET = "turn-secret-for-tests-at-least-32-bytes-" + Long.toHexString(System.nanoTime());
    private static final int PORT = Coturn.freePort();
    private static final int TTL_SECONDS = 600;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar("callroom-turn.war", Map.of(
                "callroom.ice.servers", "stun:127.0.0.1:" + PORT,
                "callroom.turn.urls", Coturn.url(PORT),
                "callroom.turn.secret", SECRET,
                "callroom.turn.ttl-seconds", String.valueOf(TTL_SECONDS),
                "callroom.ice.transport-policy", "relay"));
    }

    @ArquillianResource
    URL deployed;

    private JsonObject welcome(String room) throws Exception {
        try (TestPeer peer = TestPeer.connect(Deployments.signaling(deployed, room))) {
            peer.send("{\"type\":\"join\",\"name\":\"Turner\"}");
            return peer.expect("welcome");
        }
    }

    @Test
    void theWelcomeCarriesCredentialsThatCoturnAcceptsAndCoturnRefusesWrongOrExpiredOnes() throws Exception {
        Instant before = Instant.now();
        JsonObject welcome = welcome("turn-credential");
        Instant after = Instant.now();
        assertEquals("relay", welcome.getString("iceTransportPolicy"));

        List<JsonObject> servers = welcome.getJsonArray("iceServers").getValuesAs(JsonObject.class);
        assertEquals(2, servers.size(), welcome.toString());
        JsonObject stun = servers.get(0);
        assertEquals("stun:127.0.0.1:" + PORT, stun.getJsonArray("urls").getString(0));
        assertFalse(stun.containsKey("username") || stun.containsKey("credential"), "STUN stays plain: " + stun);

        JsonObject turn = servers.get(1);
        assertEquals(Coturn.url(PORT), turn.getJsonArray("urls").getString(0));
        String username = turn.getString("username");
        String credential = turn.getString("credential");
        String[] parts = username.split(":", 2);
        assertEquals(welcome.getString("peerId"), parts[1], "the username names the peer");
        long expiry = Long.parseLong(parts[0]);
        assertTrue(expiry >= before.getEpochSecond() + TTL_SECONDS && expiry <= after.getEpochSecond() + TTL_SECONDS,
                "expires ttl-seconds after the welcome: " + username);

        JsonObject other = welcome("turn-credential-2");
        JsonObject otherTurn = other.getJsonArray("iceServers").getJsonObject(1);
        assertNotEquals(username, otherTurn.getString("username"), "each peer gets its own credential");

        try (Coturn coturn = Coturn.start("credential", PORT, SECRET)) {
            Coturn.ClientRun issued = coturn.allocate(username, credential, 3);
            assertEquals(0, issued.exitCode(), issued.output() + "\n--- coturn:\n" + coturn.tail());
            assertTrue(issued.output().contains("Total lost packets 0 "), "relayed packets arrive: " + issued.output());

            String wrong = credential.substring(1) + (credential.charAt(0) == 'A' ? 'B' : 'A');
            assertRefused(coturn, coturn.allocate(username, wrong, 1), "a wrong credential");
            assertRefused(coturn, coturn.allocate(expiry + 1 + ":" + parts[1], credential, 1), "the credential for another username");

            // Signed with the right secret, as the server would, but for an expiry that has passed.
            String expired = (Instant.now().getEpochSecond() - 5) + ":" + parts[1];
            String expiredCredential = TurnServers.of(List.of(Coturn.url(PORT)), SECRET, Duration.ofSeconds(60)).credential(expired);
            assertRefused(coturn, coturn.allocate(expired, expiredCredential, 1), "an expired credential");
        }
    }

    private static void assertRefused(Coturn coturn, Coturn.ClientRun run, String what) throws IOException {
        assertNotEquals(0, run.exitCode(), what + " must not allocate:\n" + run.output() + "\n--- coturn:\n" + coturn.tail());
        assertTrue(run.output().contains("Cannot complete Allocation"), what + ": " + run.output());
    }
}
