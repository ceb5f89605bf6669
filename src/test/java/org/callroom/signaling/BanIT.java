package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.callroom.auth.JoinClaims;
import org.callroom.auth.JoinTokenIT;
import org.callroom.auth.TestTokens;
import org.callroom.auth.TokenMint;
import org.callroom.protocol.CloseCode;
import org.callroom.testing.Deployments;
import org.callroom.testing.TestPeer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/protocol.md, "Bans" and "Resume": a removed participant stays out of the room, by its token, its user id and its
 * resume token; a peer that sent leave cannot resume. Tokens come from the server's own mint, as the admin API's do.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class BanIT {

    static final TokenMint MINT = new TokenMint(TestTokens.SECRET, Optional.of(JoinTokenIT.ISSUER), Optional.of(JoinTokenIT.AUDIENCE));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JoinTokenIT.tokenModeWar("callroom-bans.war", Map.of("callroom.room.capacity", "8"));
    }

    /** Bans outlive the server and may share its file with an earlier run: each run uses rooms of its own. */
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    @ArquillianResource
    URL deployed;

    private URI room(String name) {
        return Deployments.signaling(deployed, name + "-" + RUN);
    }

    static String token(String room, String name, String sub, String role) {
        return MINT.mint(room, new JoinClaims(name, sub, role), Duration.ofMinutes(10));
    }

    static String join(String name, String token, String resume) {
        var join = Json.createObjectBuilder().add("type", "join").add("name", name).add("token", token);
        if (resume != null) {
            join.add("resume", resume);
        }
        return join.build().toString();
    }

    /** Joins with this token and returns the welcome, leaving the peer's id set. */
    static JsonObject welcome(TestPeer peer, String name, String token) throws Exception {
        peer.send(join(name, token, null));
        JsonObject welcome = peer.expect("welcome");
        peer.peerId = welcome.getString("peerId");
        return welcome;
    }

    /** A join with this token is refused as banned and closed with 1008. */
    static void assertBanned(URI room, String token) throws Exception {
        try (TestPeer again = TestPeer.connect(room)) {
            again.send(join("Bob", token, null));
            assertTrue(again.expectError("banned").getString("message").contains("removed"));
            assertEquals(CloseCode.POLICY_VIOLATION.code(), again.awaitClose().getCloseCode().getCode());
        }
    }

    /** A resume with this token is refused, and the socket may still join afresh (here: refused as banned). */
    static void assertResumeRefused(URI room, String joinToken, String resumeToken, String expected) throws Exception {
        try (TestPeer back = TestPeer.connect(room)) {
            back.send(join("Bob", joinToken, resumeToken));
            assertEquals(expected, back.expectError("resume-refused").getString("message"));
        }
    }

    @Test
    void aRemovedParticipantCannotRejoinWithItsTokenANewTokenForItsSubOrItsResumeToken() throws Exception {
        URI room = room("ban-removed");
        String bobToken = token("ban-removed-" + RUN, "Bob", "user-bob", "participant");
        try (TestPeer moderator = TestPeer.connect(room); TestPeer bob = TestPeer.connect(room)) {
            welcome(moderator, "Mo", token("ban-removed-" + RUN, "Mo", "user-mo", "moderator"));
            String resumeToken = welcome(bob, "Bob", bobToken).getString("resumeToken");
            moderator.expect("peer-joined");

            moderator.send("{\"type\":\"remove\",\"to\":\"" + bob.peerId + "\"}");
            assertEquals(CloseCode.REMOVED.code(), bob.awaitClose().getCloseCode().getCode());
            assertEquals(bob.peerId, moderator.expect("peer-left").getString("peerId"));

            assertBanned(room, bobToken); // The same invitation: what F5 would send.
            assertBanned(room, token("ban-removed-" + RUN, "Bob", "user-bob", "participant"));
            assertResumeRefused(room, token("ban-removed-" + RUN, "Someone", "user-someone", "participant"), resumeToken,
                    "you were removed from the call");
            moderator.expectSilence(Duration.ofMillis(500));

            try (TestPeer carol = TestPeer.connect(room); TestPeer elsewhere = TestPeer.connect(room("ban-elsewhere"))) {
                welcome(carol, "Carol", token("ban-removed-" + RUN, "Carol", "user-carol", "participant"));
                welcome(elsewhere, "Bob", token("ban-elsewhere-" + RUN, "Bob", "user-bob", "participant"));
            }
        }
    }

    @Test
    void aResumeAfterLeaveIsRefused() throws Exception {
        URI room = room("ban-left");
        try (TestPeer alice = TestPeer.connect(room); TestPeer bob = TestPeer.connect(room)) {
            welcome(alice, "Alice", token("ban-left-" + RUN, "Alice", "user-alice", "participant"));
            String bobToken = token("ban-left-" + RUN, "Bob", "user-bob", "participant");
            String resumeToken = welcome(bob, "Bob", bobToken).getString("resumeToken");
            alice.expect("peer-joined");

            bob.send("{\"type\":\"leave\"}");
            assertEquals(CloseCode.NORMAL.code(), bob.awaitClose().getCloseCode().getCode());
            assertEquals(bob.peerId, alice.expect("peer-left").getString("peerId"));

            try (TestPeer back = TestPeer.connect(room)) {
                back.send(join("Bob", bobToken, resumeToken));
                assertEquals("you left the call; join afresh", back.expectError("resume-refused").getString("message"));
                alice.expectSilence(Duration.ofMillis(500));
                // Leaving is no ban: the same invitation joins afresh, as a new peer.
                back.send(join("Bob", bobToken, null));
                JsonObject fresh = back.expect("welcome");
                assertTrue(!fresh.getString("peerId").equals(bob.peerId), fresh.toString());
                assertEquals(fresh.getString("peerId"), alice.expect("peer-joined").getString("peerId"));
            }
        }
    }
}
