package org.callroom.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.callroom.auth.JoinTokenIT;
import org.callroom.protocol.CloseCode;
import org.callroom.testing.AdminClient;
import org.callroom.testing.AdminClient.Reply;
import org.callroom.testing.Deployments;
import org.callroom.testing.TestPeer;
import org.callroom.testing.TestRealm;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin REST API on the server's own realm (the users of {@link TestRealm}), in token mode so that the tokens it
 * mints are the ones people join with.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers") // Security constraints and role mapping are each server's own: every server must enforce them.
public class AdminApiIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JoinTokenIT.tokenModeWar("callroom-admin.war", Map.of(AdminAccess.API_KEY, API_KEY));
    }

    /** The bearer key a portal back end would present. */
    static final String API_KEY = "portal-back-end-key-0123456789abcdef";

    @ArquillianResource
    URL deployed;

    private AdminClient api() {
        return new AdminClient(Deployments.loopback(deployed));
    }

    private Reply call(String method, String path, String body, TestRealm.User user) throws Exception {
        return api().call(method, path, body, user);
    }

    private Reply asOperator(String method, String path, String body) throws Exception {
        return api().asOperator(method, path, body);
    }

    private static String room() {
        return "admin-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String tokenRequest(String room, String name, String role) {
        return Json.createObjectBuilder().add("room", room).add("name", name).add("userId", name.toLowerCase() + "@corp.test")
                .add("role", role).build().toString();
    }

    /** Mints a token through the API and joins with it. */
    private TestPeer joinWithMintedToken(String room, String name, String role) throws Exception {
        Reply minted = asOperator("POST", "tokens", tokenRequest(room, name, role));
        assertEquals(200, minted.status(), minted.body());
        JsonObject issued = minted.object();
        assertEquals(room, issued.getString("room"));
        assertTrue(Instant.parse(issued.getString("expiresAt")).isAfter(Instant.now().plusSeconds(3000)), issued.toString());
        TestPeer peer = TestPeer.connect(Deployments.signaling(deployed, room));
        peer.send(Json.createObjectBuilder().add("type", "join").add("name", "ignored").add("token", issued.getString("token"))
                .build().toString());
        peer.peerId = peer.expect("welcome").getString("peerId");
        return peer;
    }

    @Test
    void everyOperationWantsCredentialsAndTheAdminRoleAndGivesNothingAway() throws Exception {
        String room = room();
        try (TestPeer alice = joinWithMintedToken(room, "Alice", "participant")) {
            List<String[]> operations = List.of(new String[] {"GET", "rooms", null}, new String[] {"GET", "rooms/" + room, null},
                    new String[] {"DELETE", "rooms/" + room + "/participants/" + alice.peerId, null},
                    new String[] {"DELETE", "rooms/" + room, null},
                    new String[] {"POST", "tokens", tokenRequest(room, "Mallory", "moderator")});
            for (String[] operation : operations) {
                String what = operation[0] + " " + operation[1];
                Reply anonymous = call(operation[0], operation[1], operation[2], null);
                assertEquals(401, anonymous.status(), what);
                assertTrue(anonymous.response().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), what);
                assertFalse(anonymous.body().contains(room), what + " leaked: " + anonymous.body());

                Reply wrongPassword = call(operation[0], operation[1], operation[2],
                        new TestRealm.User(TestRealm.OPERATOR.name(), "not-the-password", TestRealm.OPERATOR.group()));
                assertEquals(401, wrongPassword.status(), what);

                Reply visitor = call(operation[0], operation[1], operation[2], TestRealm.VISITOR);
                assertEquals(403, visitor.status(), what);
                assertFalse(visitor.body().contains(room) || visitor.body().contains("eyJ"), what + " leaked: " + visitor.body());
            }
            assertTrue(alice.isOpen(), "nothing was removed");
            assertEquals(1, asOperator("GET", "rooms/" + room, null).object().getJsonArray("participants").size());
        }
    }

    @Test
    void theOperatorListsRoomsAndParticipantsWithWhoTheyAreAndTheirTransport() throws Exception {
        String room = room();
        Instant before = Instant.now().minusSeconds(5);
        try (TestPeer alice = joinWithMintedToken(room, "Alice", "moderator");
             TestPeer bob = joinWithMintedToken(room, "Bob", "participant")) {
            // Bob's welcome may overtake his entry in the room; Alice hears of him only once he is in it.
            alice.expect("peer-joined");
            JsonObject listed = asOperator("GET", "rooms", null).array().stream().map(JsonObject.class::cast)
                    .filter(entry -> entry.getString("name").equals(room)).findFirst().orElseThrow();
            assertEquals(2, listed.getInt("participants"));
            assertTrue(Instant.parse(listed.getString("createdAt")).isAfter(before), listed.toString());

            JsonObject detail = asOperator("GET", "rooms/" + room, null).object();
            assertEquals(room, detail.getString("name"));
            JsonArray participants = detail.getJsonArray("participants");
            assertEquals(2, participants.size(), detail.toString());
            JsonObject first = participants.getJsonObject(0);
            assertEquals(alice.peerId, first.getString("peerId"));
            assertEquals("Alice", first.getString("name"));
            assertEquals("alice@corp.test", first.getString("userId"));
            assertEquals("moderator", first.getString("role"));
            assertEquals("connected", first.getString("transport"));
            assertNotNull(Instant.parse(first.getString("joinedAt")));
            assertEquals(bob.peerId, participants.getJsonObject(1).getString("peerId"));
            assertEquals("participant", participants.getJsonObject(1).getString("role"));

            // Bob's socket drops without a leave: his place is kept for a resume, and the operator sees that.
            bob.close();
            JsonObject kept = transportOf(room, bob.peerId, "resuming");
            assertEquals("Bob", kept.getString("name"));
            assertEquals("connected", transportOf(room, alice.peerId, "connected").getString("transport"));
            assertEquals(204, asOperator("DELETE", "rooms/" + room, null).status());
        }
        Reply gone = asOperator("GET", "rooms/" + room, null);
        assertEquals(404, gone.status(), gone.body());
        assertEquals("no-such-room", gone.object().getString("code"));
        assertEquals("invalid-room", asOperator("GET", "rooms/not%20a%20room", null).object().getString("code"));
    }

    private Reply withBearer(String method, String path, String body, String token) throws Exception {
        return api().call(method, path, body, "Bearer " + token);
    }

    @Test
    void aBackEndWithTheApiKeyAsBearerTokenIsLetInAndAWrongKeyIsNot() throws Exception {
        String room = room();
        Reply minted = withBearer("POST", "tokens", tokenRequest(room, "Carol", "participant"), API_KEY);
        assertEquals(200, minted.status(), minted.body());
        assertTrue(minted.object().getString("token").startsWith("eyJ"));
        assertEquals(200, withBearer("GET", "rooms", null, API_KEY).status());

        Reply wrong = withBearer("GET", "rooms", null, API_KEY + "x");
        assertEquals(401, wrong.status(), wrong.body());
        assertTrue(wrong.response().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals("unauthorized", wrong.object().getString("code"));
        assertEquals(401, withBearer("POST", "tokens", tokenRequest(room, "Mallory", "moderator"), "").status());
    }

    @Test
    void theOperatorsPageIsProtectedLikeTheApi() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI page = Deployments.loopback(deployed).resolve("admin/");
        assertEquals(401, http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, http.send(HttpRequest.newBuilder(page).header("Authorization", TestRealm.VISITOR.basic()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> shown = http.send(HttpRequest.newBuilder(page).header("Authorization", TestRealm.OPERATOR.basic()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, shown.statusCode());
        assertTrue(shown.body().contains("admin.js"), shown.body());
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(page.resolve("admin.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, script.statusCode(), "its script too");
    }

    /** Waits until the participant's transport is {@code expected}, and returns its entry. */
    private JsonObject transportOf(String room, String peerId, String expected) throws Exception {
        long deadline = System.nanoTime() + TestPeer.WAIT.toNanos();
        while (true) {
            JsonObject participant = asOperator("GET", "rooms/" + room, null).object().getJsonArray("participants").stream()
                    .map(JsonObject.class::cast).filter(entry -> entry.getString("peerId").equals(peerId)).findFirst().orElseThrow();
            if (participant.getString("transport").equals(expected) || System.nanoTime() > deadline) {
                assertEquals(expected, participant.getString("transport"), participant.toString());
                return participant;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aRemovedParticipantIsClosedWith4001AndTheRoomGetsPeerLeft() throws Exception {
        String room = room();
        try (TestPeer alice = joinWithMintedToken(room, "Alice", "participant");
             TestPeer bob = joinWithMintedToken(room, "Bob", "participant")) {
            alice.expect("peer-joined");
            Reply removed = asOperator("DELETE", "rooms/" + room + "/participants/" + bob.peerId, null);
            assertEquals(204, removed.status(), removed.body());
            assertEquals(CloseCode.REMOVED.code(), bob.awaitClose().getCloseCode().getCode());
            assertEquals(bob.peerId, alice.expect("peer-left").getString("peerId"));
            assertTrue(alice.isOpen());

            Reply again = asOperator("DELETE", "rooms/" + room + "/participants/" + bob.peerId, null);
            assertEquals(404, again.status());
            assertEquals("no-such-participant", again.object().getString("code"));
            assertEquals(1, asOperator("GET", "rooms/" + room, null).object().getJsonArray("participants").size());
        }
    }

    @Test
    void closingARoomRemovesEveryone() throws Exception {
        String room = room();
        try (TestPeer alice = joinWithMintedToken(room, "Alice", "participant");
             TestPeer bob = joinWithMintedToken(room, "Bob", "participant")) {
            alice.expect("peer-joined");
            Reply closed = asOperator("DELETE", "rooms/" + room, null);
            assertEquals(204, closed.status(), closed.body());
            assertEquals(CloseCode.REMOVED.code(), alice.awaitClose().getCloseCode().getCode());
            assertEquals(CloseCode.REMOVED.code(), bob.awaitClose().getCloseCode().getCode());
            assertEquals(404, asOperator("GET", "rooms/" + room, null).status());
            assertEquals(404, asOperator("DELETE", "rooms/" + room, null).status());
        }
    }

    @Test
    void aTokenRequestThatBreaksARuleIsRefusedWithTheRule() throws Exception {
        Reply noName = asOperator("POST", "tokens", "{\"room\":\"r\"}");
        assertEquals(400, noName.status(), noName.body());
        assertEquals("bad-request", noName.object().getString("code"));
        assertTrue(noName.object().getString("message").contains("name"), noName.body());
        Reply badRole = asOperator("POST", "tokens", "{\"room\":\"r\",\"name\":\"A\",\"role\":\"owner\"}");
        assertEquals(400, badRole.status(), badRole.body());
        Reply notJson = asOperator("POST", "tokens", "{\"room\":");
        assertEquals(400, notJson.status(), notJson.body());
        assertEquals("bad-request", notJson.object().getString("code"));
        Reply noSuchPath = asOperator("GET", "nothing-here", null);
        assertEquals(404, noSuchPath.status(), noSuchPath.body());
        assertEquals("not-found", noSuchPath.object().getString("code"));
    }

}
