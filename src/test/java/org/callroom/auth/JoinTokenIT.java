package org.callroom.auth;

import static org.callroom.auth.TestTokens.claims;
import static org.callroom.auth.TestTokens.hs256;
import static org.callroom.auth.TestTokens.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
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
 * Join tokens on the wire: the WAR as built, deployed with {@code callroom.auth.mode=token} in its
 * microprofile-config.properties, so the server under test reads the settings the standard way.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers") // Run on Payara Server and WildFly too (pom.xml): settings and refusals must hold on every server.
public class JoinTokenIT {

    public static final String ISSUER = "https://issuer.callroom.test";
    public static final String AUDIENCE = "callroom-it";

    private static final Duration QUIET = Duration.ofMillis(700);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return tokenModeWar("callroom-tokens.war");
    }

    /**
     * The WAR as built, under another name (so another context root than the open deployment the other tests use),
     * with token mode, {@link TestTokens#SECRET}, {@link #ISSUER} and {@link #AUDIENCE} in its microprofile-config.properties.
     */
    public static WebArchive tokenModeWar(String name) {
        return tokenModeWar(name, Map.of());
    }

    /** As {@link #tokenModeWar(String)}, with these settings too. */
    public static WebArchive tokenModeWar(String name, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(AuthConfiguration.MODE, "token", AuthConfiguration.SECRET,
                TestTokens.SECRET, AuthConfiguration.ISSUER, ISSUER, AuthConfiguration.AUDIENCE, AUDIENCE));
        settings.putAll(more);
        return Deployments.callroomWar(name, settings);
    }

    /** A token this deployment accepts for {@code room}, giving {@code name}. */
    public static String validToken(String room, String name) {
        return token(room, name, claims -> {
        });
    }

    @ArquillianResource
    URL deployed;

    private URI room(String name) {
        return Deployments.signaling(deployed, name);
    }

    /** Claims this server accepts, for {@code room}; {@code change} breaks or extends them. */
    private static JWTClaimsSet valid(String room, String name, Consumer<JWTClaimsSet.Builder> change) {
        return claims(room, name, claims -> {
            claims.issuer(ISSUER).audience(AUDIENCE);
            change.accept(claims);
        });
    }

    private static String token(String room, String name, Consumer<JWTClaimsSet.Builder> change) {
        return hs256(valid(room, name, change));
    }

    private static String join(String name, String token) {
        return "{\"type\":\"join\",\"name\":\"" + name + "\"" + (token == null ? "" : ",\"token\":\"" + token + "\"") + "}";
    }

    /** Someone already in the room, joined with a valid token. */
    private TestPeer member(String room) throws Exception {
        TestPeer member = TestPeer.connect(room(room));
        member.send(join("Alice", token(room, "Alice", claims -> {
        })));
        member.peerId = member.expect("welcome").getString("peerId");
        return member;
    }

    /** A join with this token is refused as unauthorized, closed with 1008, and the member already there hears nothing. */
    private void assertRefused(String room, String token) throws Exception {
        try (TestPeer alice = member(room); TestPeer mallory = TestPeer.connect(room(room))) {
            mallory.send(join("Mallory", token));
            JsonObject error = mallory.expectError("unauthorized");
            if (token != null) {
                assertFalse(error.getString("message").contains(token), error.toString());
            }
            assertEquals(CloseCode.POLICY_VIOLATION.code(), mallory.awaitClose().getCloseCode().getCode());
            alice.expectSilence(QUIET);
        }
    }

    @Test
    void aValidTokenJoinsAndTheRoomSeesItsNameUserIdAndRole() throws Exception {
        try (TestPeer alice = TestPeer.connect(room("tokens-valid"))) {
            alice.send(join("typed by Alice", token("tokens-valid", "Alice", claims -> claims.subject("user-alice").claim("role", "moderator"))));
            JsonObject aliceWelcome = alice.expect("welcome");
            assertEquals("Alice", aliceWelcome.getString("name"));
            assertEquals("user-alice", aliceWelcome.getString("userId"));
            assertEquals("moderator", aliceWelcome.getString("role"));
            try (TestPeer bob = TestPeer.connect(room("tokens-valid"))) {
                bob.send(join("Robert", token("tokens-valid", "Bob", claims -> claims.subject("user-bob").claim("role", "participant"))));
                JsonObject bobWelcome = bob.expect("welcome");
                JsonObject seen = bobWelcome.getJsonArray("peers").getJsonObject(0);
                assertEquals(aliceWelcome.getString("peerId"), seen.getString("peerId"));
                assertEquals("Alice", seen.getString("name"));
                assertEquals("user-alice", seen.getString("userId"));
                assertEquals("moderator", seen.getString("role"));
                JsonObject joined = alice.expect("peer-joined");
                assertEquals(bobWelcome.getString("peerId"), joined.getString("peerId"));
                assertEquals("Bob", joined.getString("name"), "the token's name, not the one the client typed");
                assertEquals("user-bob", joined.getString("userId"));
                assertEquals("participant", joined.getString("role"));
            }
        }
    }

    @Test
    void aTokenForAnyRoomJoinsWithoutUserIdOrRole() throws Exception {
        try (TestPeer carol = TestPeer.connect(room("tokens-any"))) {
            carol.send(join("Carol", token("*", "Carol", claims -> {
            })));
            JsonObject welcome = carol.expect("welcome");
            assertFalse(welcome.containsKey("userId") || welcome.containsKey("role") || welcome.containsKey("name"), welcome.toString());
        }
    }

    @Test
    void aJoinWithoutATokenIsUnauthorized() throws Exception {
        assertRefused("tokens-none", null);
    }

    @Test
    void aTokenWithABadSignatureIsUnauthorized() throws Exception {
        assertRefused("tokens-signature", hs256(TestTokens.OTHER_SECRET, valid("tokens-signature", "Mallory", claims -> {
        })));
    }

    @Test
    void anUnsignedTokenIsUnauthorized() throws Exception {
        assertRefused("tokens-alg-none", TestTokens.unsigned(valid("tokens-alg-none", "Mallory", claims -> {
        })));
    }

    @Test
    void aTokenSignedWithAnotherAlgorithmIsUnauthorized() throws Exception {
        assertRefused("tokens-alg-rs256", TestTokens.rs256(TestTokens.rsaKeys(), valid("tokens-alg-rs256", "Mallory", claims -> {
        })));
    }

    @Test
    void anExpiredTokenIsUnauthorized() throws Exception {
        assertRefused("tokens-expired", token("tokens-expired", "Mallory", claims -> claims.expirationTime(in(Duration.ofSeconds(-120)))));
    }

    @Test
    void aTokenNotYetValidIsUnauthorized() throws Exception {
        assertRefused("tokens-early", token("tokens-early", "Mallory", claims -> claims.notBeforeTime(in(Duration.ofSeconds(120)))));
    }

    @Test
    void aTokenForAnotherRoomIsUnauthorized() throws Exception {
        assertRefused("tokens-room", token("tokens-elsewhere", "Mallory", claims -> {
        }));
    }

    @Test
    void aTokenFromAnotherIssuerIsUnauthorized() throws Exception {
        assertRefused("tokens-issuer", token("tokens-issuer", "Mallory", claims -> claims.issuer("https://other.test")));
    }

    @Test
    void aTokenForAnotherAudienceIsUnauthorized() throws Exception {
        assertRefused("tokens-audience", token("tokens-audience", "Mallory", claims -> claims.audience("elsewhere")));
    }

    @Test
    void aMalformedTokenIsUnauthorized() throws Exception {
        assertRefused("tokens-malformed", "not.a-token");
    }

    @Test
    void aTokenWithoutNameIsUnauthorized() throws Exception {
        assertRefused("tokens-no-name", token("tokens-no-name", "Mallory", claims -> claims.claim("name", null)));
    }

    @Test
    void aTokenWithoutExpiryIsUnauthorized() throws Exception {
        assertRefused("tokens-no-exp", token("tokens-no-exp", "Mallory", claims -> claims.expirationTime(null)));
    }

    @Test
    void aTokenWithAnUnknownRoleIsUnauthorized() throws Exception {
        assertRefused("tokens-role", token("tokens-role", "Mallory", claims -> claims.claim("role", "admin")));
    }
}
