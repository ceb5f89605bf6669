package org.callroom.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;

class ResumeTokensTest {

    private static final byte[] KEY = "resume tokens' test key, 32 bytes".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private static ResumeTokens at(Instant instant) {
        return new ResumeTokens(30, KEY, Clock.fixed(instant, ZoneOffset.UTC));
    }

    private static String reason(ResumeVerdict verdict) {
        return ((ResumeVerdict.Refused) verdict).reason();
    }

    @Test
    void aTokenNamesItsPeerAndClaimsUntilTheGracePeriodEnds() {
        String token = at(NOW).issue("room", "peer-1", new JoinClaims("Alice", "u-1", "moderator"));
        ResumeVerdict verdict = at(NOW.plusSeconds(29)).verify(token, "room");
        assertEquals(new ResumeClaims("peer-1", new JoinClaims("Alice", "u-1", "moderator")), ((ResumeVerdict.Valid) verdict).claims());
        assertEquals("resume token expired", reason(at(NOW.plusSeconds(31)).verify(token, "room")));
        assertEquals("resume token is for another room", reason(at(NOW).verify(token, "other")));
        assertFalse(token.contains("Alice"), "the token is not plain text");
    }

    @Test
    void aJoinTokenSignedWithTheSameKeyIsNoResumeToken() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("peer-1").claim("room", "room").claim("name", "Alice")
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5)))).build();
        SignedJWT untyped = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        untyped.sign(new MACSigner(KEY));
        assertEquals("resume token is not one this server issued", reason(at(NOW).verify(untyped.serialize(), "room")));
    }

    @Test
    void forgedAndMalformedTokensAreRefused() {
        String forged = new ResumeTokens(30, "another key that is 32 bytes long".getBytes(StandardCharsets.UTF_8),
                Clock.fixed(NOW, ZoneOffset.UTC)).issue("room", "peer-1", new JoinClaims("Alice", null, null));
        assertEquals("resume token is not one this server issued", reason(at(NOW).verify(forged, "room")));
        assertEquals("resume token is malformed", reason(at(NOW).verify("x.y", "room")));
    }

    @Test
    void aTokenOutlivesTheGracePeriodForItsOwnLife() {
        ResumeTokens issuer = new ResumeTokens(30, 120, KEY, Clock.fixed(NOW, ZoneOffset.UTC));
        String token = issuer.issue("room", "peer-1", new JoinClaims("Alice", null, null));
        ResumeTokens later = new ResumeTokens(30, 120, KEY, Clock.fixed(NOW.plusSeconds(119), ZoneOffset.UTC));
        assertEquals("peer-1", ((ResumeVerdict.Valid) later.verify(token, "room")).claims().peerId(),
                "a page may come back to a server that was away longer than the grace period");
        ResumeTokens tooLate = new ResumeTokens(30, 120, KEY, Clock.fixed(NOW.plusSeconds(121), ZoneOffset.UTC));
        assertEquals("resume token expired", reason(tooLate.verify(token, "room")));
        assertEquals(Duration.ofSeconds(30), issuer.grace());
        assertEquals(Duration.ofSeconds(120), issuer.life());
    }

    @Test
    void aTokenLifeShorterThanTheGracePeriodStopsTheServer() {
        IllegalArgumentException shorter = assertThrows(IllegalArgumentException.class,
                () -> new ResumeTokens(30, 29, KEY, Clock.systemUTC()));
        assertEquals(ResumeTokens.TOKEN_SECONDS + " must be at least " + ResumeTokens.GRACE_SECONDS + " (30) and at most 86400, was 29",
                shorter.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ResumeTokens(30, 86401, KEY, Clock.systemUTC()));
    }

    @Test
    void theGracePeriodIsCheckedWhenTheServerStarts() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new ResumeTokens(0, KEY, Clock.systemUTC()));
        assertTrue(zero.getMessage().contains(ResumeTokens.GRACE_SECONDS));
        assertThrows(IllegalArgumentException.class, () -> new ResumeTokens(3601, KEY, Clock.systemUTC()));
    }
}
