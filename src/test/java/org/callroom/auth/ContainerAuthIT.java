package org.callroom.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
 * {@code callroom.auth.mode=container}: the server's own realm (the users of {@link TestRealm}) says who joins. The
 * realm's callroom-admin role is made the moderator role here, so that one user of the realm is a moderator.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers") // Each server authenticates handshakes and answers isUserInRole its own way.
public class ContainerAuthIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TestPeer.WAIT).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar("callroom-container.war",
                Map.of(AuthConfiguration.MODE, "container", AuthConfiguration.MODERATOR_ROLE, "callroom-admin"));
    }

    @ArquillianResource
    URL deployed;

    private TestPeer joinAs(TestRealm.User user, String room) throws Exception {
        TestPeer peer = TestPeer.connect(Deployments.signaling(deployed, room), Map.of("Authorization", user.basic()));
        peer.send("{\"type\":\"join\",\"name\":\"Somebody Else\"}");
        return peer;
    }

    /** The status the server refused a handshake with. */
    private int refusedHandshake(Map<String, String> headers) throws Exception {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TestPeer.WAIT);
        headers.forEach(builder::header);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> builder
                .buildAsync(Deployments.signaling(deployed, "anyone"), new WebSocket.Listener() {
                }).get(TestPeer.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        return assertInstanceOf(WebSocketHandshakeException.class, failed.getCause()).getResponse().statusCode();
    }

    @Test
    void aLoggedInUserJoinsUnderTheirPrincipalWithTheRoleTheServerGivesThem() throws Exception {
        try (TestPeer operator = joinAs(TestRealm.OPERATOR, "container-call")) {
            JsonObject welcome = operator.expect("welcome");
            assertEquals(TestRealm.OPERATOR.name(), welcome.getString("name"), welcome.toString());
            assertEquals(TestRealm.OPERATOR.name(), welcome.getString("userId"));
            assertEquals("moderator", welcome.getString("role"));
            try (TestPeer visitor = joinAs(TestRealm.VISITOR, "container-call")) {
                JsonObject visitorWelcome = visitor.expect("welcome");
                assertEquals("participant", visitorWelcome.getString("role"));
                JsonObject joined = operator.expect("peer-joined");
                assertEquals(TestRealm.VISITOR.name(), joined.getString("name"));
                assertEquals(TestRealm.VISITOR.name(), joined.getString("userId"));
                assertEquals("participant", joined.getString("role"));
            }
        }
    }

    @Test
    void anAnonymousOrWronglyLoggedInHandshakeIsRefusedWith401() throws Exception {
        assertEquals(401, refusedHandshake(Map.of()));
        assertEquals(401, refusedHandshake(Map.of("Authorization",
                new TestRealm.User(TestRealm.VISITOR.name(), "wrong", TestRealm.VISITOR.group()).basic())));
    }

    @Test
    void theCallPageAsksForTheServersLoginFirst() throws Exception {
        URI page = Deployments.loopback(deployed);
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), anonymous.headers().toString());
        HttpResponse<String> loggedIn = HTTP.send(HttpRequest.newBuilder(page).header("Authorization", TestRealm.VISITOR.basic()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, loggedIn.statusCode());
        assertTrue(loggedIn.body().contains("js/call.js"));
    }
}
