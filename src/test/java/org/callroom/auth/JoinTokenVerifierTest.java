package org.callroom.auth;

import static org.callroom.auth.TestTokens.SECRET;
import static org.callroom.auth.TestTokens.claims;
import static org.callroom.auth.TestTokens.hs256;
import static org.callroom.auth.TestTokens.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.callroom.protocol.Join;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JoinTokenVerifierTest {

    private static final KeyPair RSA = TestTokens.rsaKeys();
    private static final KeyPair EC = TestTokens.ecKeys("secp256r1");

    private final JoinTokenVerifier verifier = JoinTokenVerifier.hmac(SECRET, Optional.empty(), Optional.empty());

    @TempDir
    Path dir;

    private static Join join(String token) {
        return new Join("Name the client sent", token);
    }

    private static JWTClaimsSet standup(java.util.function.Consumer<JWTClaimsSet.Builder> change) {
        return claims("standup", "Alice", change);
    }

    private static JWTClaimsSet standup() {
        return standup(claims -> {
        });
    }

    private static JoinClaims admitted(JoinAuthorizer authorizer, String room, String token) {
        return assertInstanceOf(JoinVerdict.Admitted.class, authorizer.authorize(room, join(token))).claims();
    }

    /** The refusal's reason, after checking that it does not quote the token. */
    private static String refused(JoinAuthorizer authorizer, String room, String token) {
        String reason = assertInstanceOf(JoinVerdict.Refused.class, authorizer.authorize(room, join(token))).reason();
        if (token != null) {
            assertFalse(reason.contains(token), reason);
            for (String part : token.split("\\.")) {
                assertFalse(!part.isEmpty() && reason.contains(part), reason);
            }
        }
        return reason;
    }

    @Test
    void aValidTokenAdmitsAsItsNameUserIdAndRole() {
        JoinClaims claims = admitted(verifier, "standup", hs256(standup(c -> c.subject("user-42").claim("role", "moderator"))));
        assertEquals(new JoinClaims("Alice", "user-42", "moderator"), claims);
    }

    @Test
    void theTokensNameReplacesTheOneTheClientSent() {
        assertEquals("Alice", admitted(verifier, "standup", hs256(standup())).name());
    }

    @Test
    void subAndRoleAreOptional() {
        assertEquals(new JoinClaims("Alice", null, null), admitted(verifier, "standup", hs256(standup())));
    }

    @Test
    void aJoinWithoutATokenIsRefused() {
        assertEquals("a join token is required", refused(verifier, "standup", null));
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        assertEquals("token signature is invalid", refused(verifier, "standup", hs256(TestTokens.OTHER_SECRET, standup())));
    }

    @Test
    void aTokenWhoseClaimsWereChangedIsRefused() {
        String[] parts = hs256(standup()).split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"room\":\"standup\",\"name\":\"Mallory\",\"exp\":4102444800}".getBytes(StandardCharsets.UTF_8));
        assertEquals("token signature is invalid", refused(verifier, "standup", parts[0] + "." + forged + "." + parts[2]));
    }

    @Test
    void anUnsignedTokenIsRefused() {
        assertEquals("token is not signed with the expected algorithm", refused(verifier, "standup", TestTokens.unsigned(standup())));
    }

    @Test
    void aTokenWithAnotherAlgorithmIsRefused() {
        assertEquals("token is not signed with the expected algorithm", refused(verifier, "standup", TestTokens.rs256(RSA, standup())));
    }

    @Test
    void anHs256TokenKeyedWithThePublicKeyIsRefusedByAnRs256Server() {
        JoinTokenVerifier rs256 = JoinTokenVerifier.publicKey(RSA.getPublic(), Optional.empty(), Optional.empty());
        String confused = hs256(new String(RSA.getPublic().getEncoded(), StandardCharsets.ISO_8859_1), standup());
        assertEquals("token is not signed with the expected algorithm", refused(rs256, "standup", confused));
    }

    @Test
    void aTokenExpiredWithinTheLeewayIsAccepted() {
        assertEquals("Alice", admitted(verifier, "standup", hs256(standup(c -> c.expirationTime(in(Duration.ofSeconds(-30)))))).name());
    }

    @Test
    void aTokenExpiredBeyondTheLeewayIsRefused() {
        assertEquals("token expired", refused(verifier, "standup", hs256(standup(c -> c.expirationTime(in(Duration.ofSeconds(-120)))))));
    }

    @Test
    void aTokenNotYetValidWithinTheLeewayIsAccepted() {
        assertEquals("Alice", admitted(verifier, "standup", hs256(standup(c -> c.notBeforeTime(in(Duration.ofSeconds(30)))))).name());
    }

    @Test
    void aTokenNotYetValidBeyondTheLeewayIsRefused() {
        assertEquals("token is not valid yet", refused(verifier, "standup", hs256(standup(c -> c.notBeforeTime(in(Duration.ofSeconds(120)))))));
    }

    @Test
    void aTokenForAnotherRoomIsRefused() {
        assertEquals("token is for another room", refused(verifier, "retro", hs256(standup())));
    }

    @Test
    void aTokenForAnyRoomAdmitsToEveryRoom() {
        String any = hs256(claims("*", "Alice", c -> {
        }));
        assertEquals("Alice", admitted(verifier, "standup", any).name());
        assertEquals("Alice", admitted(verifier, "retro", any).name());
    }

    @Test
    void roomNamesAreComparedExactly() {
        assertEquals("token is for another room", refused(verifier, "Standup", hs256(standup())));
    }

    @Test
    void aMalformedTokenIsRefused() {
        assertEquals("token is malformed", refused(verifier, "standup", "not-a-jwt"));
        assertEquals("token is malformed", refused(verifier, "standup", "e30.e30.e30"));
    }

    @Test
    void aTokenWithoutNameIsRefused() {
        String token = hs256(new JWTClaimsSet.Builder().claim("room", "standup").expirationTime(in(Duration.ofHours(1))).build());
        assertEquals("token lacks required claims [name]", refused(verifier, "standup", token));
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        String token = hs256(new JWTClaimsSet.Builder().claim("room", "standup").claim("name", "Alice").build());
        assertEquals("token lacks required claims [exp]", refused(verifier, "standup", token));
    }

    @Test
    void aTokenWithoutRoomIsRefused() {
        String token = hs256(new JWTClaimsSet.Builder().claim("name", "Alice").expirationTime(in(Duration.ofHours(1))).build());
        assertEquals("token lacks required claims [room]", refused(verifier, "standup", token));
    }

    @Test
    void aTokenWithAnUnknownRoleIsRefused() {
        assertEquals("token role must be participant or moderator", refused(verifier, "standup", hs256(standup(c -> c.claim("role", "admin")))));
    }

    @Test
    void aTokenNameMustPassTheJoinNameRules() {
        assertEquals("token name must be 1-64 characters", refused(verifier, "standup", hs256(standup(c -> c.claim("name", "x".repeat(65))))));
        assertEquals("token name must not contain control characters",
                refused(verifier, "standup", hs256(standup(c -> c.claim("name", "Al\u0007ice")))));
        assertEquals("token name must be 1-64 characters", refused(verifier, "standup", hs256(standup(c -> c.claim("name", "   ")))));

        assertTrue(refused(verifier, "standup", hs256(standup(c -> c.claim("name", "Bob\u202Eecila"))))
                .startsWith("token name must not contain U+202E RIGHT-TO-LEFT OVERRIDE: invisible formatting"));
    }

    @Test
    void aTokenWhoseNameIsNotAStringIsRefused() {
        assertEquals("token claims room, name and role must be strings",
                refused(verifier, "standup", hs256(standup(c -> c.claim("name", 42)))));
    }

    @Test
    void anOverlongUserIdIsRefused() {
        assertEquals("token sub must be 1-256 characters, no control characters",
                refused(verifier, "standup", hs256(standup(c -> c.subject("u".repeat(257))))));
    }

    @Test
    void theIssuerIsCheckedWhenConfigured() {
        JoinTokenVerifier strict = JoinTokenVerifier.hmac(SECRET, Optional.of("https://issuer.example"), Optional.empty());
        assertEquals("Alice", admitted(strict, "standup", hs256(standup(c -> c.issuer("https://issuer.example")))).name());
        assertEquals("token is not from the expected issuer", refused(strict, "standup", hs256(standup(c -> c.issuer("https://other.example")))));
        assertEquals("token lacks required claims [iss]", refused(strict, "standup", hs256(standup())));
    }

    @Test
    void theAudienceIsCheckedWhenConfigured() {
        JoinTokenVerifier strict = JoinTokenVerifier.hmac(SECRET, Optional.empty(), Optional.of("callroom"));
        assertEquals("Alice", admitted(strict, "standup", hs256(standup(c -> c.audience("callroom")))).name());
        assertEquals("token is not for this audience", refused(strict, "standup", hs256(standup(c -> c.audience("elsewhere")))));
        assertEquals("token is not for this audience", refused(strict, "standup", hs256(standup())));
    }

    @Test
    void withoutConfiguredIssuerOrAudienceAnyIsAccepted() {
        assertEquals("Alice", admitted(verifier, "standup", hs256(standup(c -> c.issuer("anyone").audience("anything")))).name());
    }

    @Test
    void rs256TokensAreCheckedWithAPublicKeyFromAPemFile() throws Exception {
        JoinAuthorizer rs256 = AuthConfiguration.authorizer("token", Optional.empty(), Optional.of(TestTokens.pem(dir, RSA).toString()),
                Optional.empty(), Optional.empty());
        assertEquals("Alice", admitted(rs256, "standup", TestTokens.rs256(RSA, standup())).name());
        assertEquals("token signature is invalid", refused(rs256, "standup", TestTokens.rs256(TestTokens.rsaKeys(), standup())));
        assertEquals("token is not signed with the expected algorithm", refused(rs256, "standup", hs256(standup())));
        assertEquals("token is not signed with the expected algorithm", refused(rs256, "standup", TestTokens.es256(EC, standup())));
    }

    @Test
    void es256TokensAreCheckedWithAPublicKeyFromAPemFile() throws Exception {
        JoinAuthorizer es256 = AuthConfiguration.authorizer("token", Optional.empty(), Optional.of(TestTokens.pem(dir, EC).toString()),
                Optional.empty(), Optional.empty());
        assertEquals("Alice", admitted(es256, "standup", TestTokens.es256(EC, standup())).name());
        assertEquals("token signature is invalid", refused(es256, "standup", TestTokens.es256(TestTokens.ecKeys("secp256r1"), standup())));
        assertEquals("token is not signed with the expected algorithm", refused(es256, "standup", TestTokens.rs256(RSA, standup())));
        assertEquals("token is not signed with the expected algorithm", refused(es256, "standup", TestTokens.unsigned(standup())));
    }

    @Test
    void theOpenAuthorizerTakesTheNameTheClientSent() {
        assertEquals(new JoinClaims("Name the client sent", null, null), admitted(JoinAuthorizer.OPEN, "standup", null));
        assertEquals(new JoinClaims("Name the client sent", null, null), admitted(JoinAuthorizer.OPEN, "standup", hs256(standup())));
    }
}
