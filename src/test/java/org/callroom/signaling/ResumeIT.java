package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.callroom.testing.Deployments;
import org.callroom.testing.TestPeer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** docs/protocol.md, "Resume": a dropped socket comes back as the same peer, and bad resume tokens are refused. */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class ResumeIT {

    private static final int GRACE_SECONDS = 4;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // Room for the fresh joins of the refusals test, whose closed sockets keep their places for the grace period.
        // Tokens live only as long as the grace period (the least allowed), so that the expiry test need not wait minutes.
        return Deployments.callroomWar("callroom-resume.war", Map.of("callroom.resume.grace-seconds", String.valueOf(GRACE_SECONDS),
                "callroom.resume.token-seconds", String.valueOf(GRACE_SECONDS), "callroom.room.capacity", "8"));
    }

    @ArquillianResource
    URL deployed;

    private URI room(String name) {
        return Deployments.signaling(deployed, name);
    }

    /** Joins and returns the welcome, leaving the peer's id set. */
    private static JsonObject welcome(TestPeer peer, String name) throws Exception {
        peer.send("{\"type\":\"join\",\"name\":\"" + name + "\"}");
        JsonObject welcome = peer.expect("welcome");
        peer.peerId = welcome.getString("peerId");
        return welcome;
    }

    private static JsonObject resume(TestPeer peer, String name, String token) throws Exception {
        peer.send("{\"type\":\"join\",\"name\":\"" + name + "\",\"resume\":\"" + token + "\"}");
        return peer.expect("welcome");
    }

    private static void offer(TestPeer from, String to, String sdp) throws Exception {
        from.send("{\"type\":\"offer\",\"to\":\"" + to + "\",\"sdp\":\"" + sdp + "\"}");
    }

    @Test
    void aDroppedSocketResumesAsTheSamePeerWithWhatWaitedAndTheRoomNeverHearsItLeft() throws Exception {
        try (TestPeer alice = TestPeer.join(room("resume"), "Alice"); TestPeer bob = TestPeer.connect(room("resume"))) {
            JsonObject first = welcome(bob, "Bob");
            assertEquals(GRACE_SECONDS, first.getInt("resumeGraceSeconds"));
            assertTrue(!first.containsKey("resumed"), first.toString());
            alice.expect("peer-joined");
            bob.close(); // A close without leave: what a dropped connection looks like to the server.
            bob.awaitClose();
            // An offer racing the close could still be written to the closing socket, and lost with it, as the protocol
            // allows: give the server a moment to see the close, so this one is sent while Bob is away.
            Thread.sleep(500);
            offer(alice, bob.peerId, "v=0 sent while Bob was away");

            try (TestPeer back = TestPeer.connect(room("resume"))) {
                JsonObject resumed = resume(back, "Bob", first.getString("resumeToken"));
                assertEquals(bob.peerId, resumed.getString("peerId"));
                assertTrue(resumed.getBoolean("resumed"));
                assertEquals(alice.peerId, resumed.getJsonArray("peers").getJsonObject(0).getString("peerId"));
                assertTrue(resumed.getString("resumeToken").length() > 0, "a fresh token");
                JsonObject waited = back.expect("offer");
                assertEquals("v=0 sent while Bob was away", waited.getString("sdp"));
                assertEquals(alice.peerId, waited.getString("from"));

                offer(back, alice.peerId, "v=0 from the resumed socket");
                JsonObject relayed = alice.expect("offer");
                assertEquals(bob.peerId, relayed.getString("from"));
                // Past the old socket's grace period: it must not take the resumed peer with it.
                alice.expectSilence(Duration.ofSeconds(GRACE_SECONDS + 2));
                offer(alice, bob.peerId, "v=0 still there");
                assertEquals("v=0 still there", back.expect("offer").getString("sdp"));
            }
        }
    }

    @Test
    void aPeerThatDoesNotComeBackWithinTheGracePeriodLeaves() throws Exception {
        try (TestPeer alice = TestPeer.join(room("gone"), "Alice"); TestPeer bob = TestPeer.join(room("gone"), "Bob")) {
            alice.expect("peer-joined");
            bob.close();
            assertEquals(bob.peerId, alice.expect("peer-left", Duration.ofSeconds(GRACE_SECONDS + 10)).getString("peerId"));
        }
    }

    @Test
    void forgedExpiredAndWrongRoomTokensAreRefusedAndTheSocketJoinsAfresh() throws Exception {
        String token;
        String wrongRoomToken;
        try (TestPeer bob = TestPeer.connect(room("refusals"));
                TestPeer elsewhere = TestPeer.connect(room("refusals-other"))) {
            token = welcome(bob, "Bob").getString("resumeToken");
            wrongRoomToken = welcome(elsewhere, "Eve").getString("resumeToken");
        }
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        for (String refused : new String[] {forged, wrongRoomToken, "not-a-token"}) {
            try (TestPeer back = TestPeer.connect(room("refusals"))) {
                back.send("{\"type\":\"join\",\"name\":\"Bob\",\"resume\":\"" + refused + "\"}");
                back.expectError("resume-refused");
                JsonObject fresh = welcome(back, "Bob");
                assertTrue(!fresh.containsKey("resumed"), "a fresh join: " + fresh);
            }
        }
        Thread.sleep(Duration.ofSeconds(GRACE_SECONDS + 1).toMillis()); // The token's lifetime is the grace period here.
        try (TestPeer late = TestPeer.connect(room("refusals"))) {
            late.send("{\"type\":\"join\",\"name\":\"Bob\",\"resume\":\"" + token + "\"}");
            assertEquals("resume token expired", late.expectError("resume-refused").getString("message"));
        }
    }

    @Test
    void aPeerStillConnectedCannotBeTakenOverAndAPongCarriesAFreshToken() throws Exception {
        try (TestPeer alice = TestPeer.join(room("twice"), "Alice"); TestPeer bob = TestPeer.connect(room("twice"))) {
            String token = welcome(bob, "Bob").getString("resumeToken");
            alice.expect("peer-joined");
            try (TestPeer copy = TestPeer.connect(room("twice"))) {
                copy.send("{\"type\":\"join\",\"name\":\"Bob\",\"resume\":\"" + token + "\"}");
                copy.expectError("resume-refused");
            }
            bob.send("{\"type\":\"ping\"}");
            String refreshed = bob.expect("pong").getString("resumeToken");
            bob.close();
            try (TestPeer back = TestPeer.connect(room("twice"))) {
                assertEquals(bob.peerId, resume(back, "Bob", refreshed).getString("peerId"));
            }
            alice.expectSilence(Duration.ofMillis(500));
        }
    }
}
