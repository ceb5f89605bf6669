package org.callroom.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.callroom.protocol.Join;
import org.junit.jupiter.api.Test;

class TokenMintTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String environmentSecret, String... args) {
        return TokenMint.run(args, environmentSecret, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private static JoinVerdict check(JoinTokenVerifier verifier, String room, String token) {
        return verifier.authorize(room, new Join("typed name", token));
    }

    @Test
    void theCommandPrintsATokenTheServerAdmits() {
        assertEquals(0, run(null, "--secret", TestTokens.SECRET, "--room", "standup", "--name", "Alice", "--sub", "user-1",
                "--role", "moderator"));
        JoinTokenVerifier verifier = JoinTokenVerifier.hmac(TestTokens.SECRET, Optional.empty(), Optional.empty());
        assertEquals(new JoinClaims("Alice", "user-1", "moderator"),
                assertInstanceOf(JoinVerdict.Admitted.class, check(verifier, "standup", printed())).claims());
        assertInstanceOf(JoinVerdict.Refused.class, check(verifier, "retro", printed()));
    }

    @Test
    void theSecretMayComeFromTheEnvironment() {
        assertEquals(0, run(TestTokens.SECRET, "--room", "*", "--name", "Alice"));
        JoinTokenVerifier verifier = JoinTokenVerifier.hmac(TestTokens.SECRET, Optional.empty(), Optional.empty());
        assertInstanceOf(JoinVerdict.Admitted.class, check(verifier, "any-room", printed()));
    }

    @Test
    void issuerAudienceAndTtlAreWritten() throws Exception {
        assertEquals(0, run(null, "--secret", TestTokens.SECRET, "--room", "standup", "--name", "Alice", "--ttl", "120",
                "--issuer", "https://issuer.example", "--audience", "callroom"));
        var claims = SignedJWT.parse(printed()).getJWTClaimsSet();
        assertEquals("https://issuer.example", claims.getIssuer());
        assertEquals(java.util.List.of("callroom"), claims.getAudience());
        long ttl = Duration.between(Instant.now(), claims.getExpirationTime().toInstant()).toSeconds();
        assertTrue(ttl > 100 && ttl <= 120, "expires in " + ttl + " s");
        JoinTokenVerifier strict = JoinTokenVerifier.hmac(TestTokens.SECRET, Optional.of("https://issuer.example"), Optional.of("callroom"));
        assertInstanceOf(JoinVerdict.Admitted.class, check(strict, "standup", printed()));
    }

    @Test
    void everyTokenHasItsOwnJtiWhichTheVerifierPassesOnWithTheTokensLastAcceptedInstant() throws Exception {
        TokenMint mint = new TokenMint(TestTokens.SECRET, Optional.empty(), Optional.empty());
        JoinClaims alice = new JoinClaims("Alice", "user-1", null);
        String first = mint.mint("standup", alice, Duration.ofMinutes(5));
        String second = mint.mint("standup", alice, Duration.ofMinutes(5));
        String jti = SignedJWT.parse(first).getJWTClaimsSet().getJWTID();
        assertTrue(jti != null && jti.length() >= 32, String.valueOf(jti));
        assertFalse(jti.equals(SignedJWT.parse(second).getJWTClaimsSet().getJWTID()));

        JoinTokenVerifier verifier = JoinTokenVerifier.hmac(TestTokens.SECRET, Optional.empty(), Optional.empty());
        JoinVerdict.Admitted admitted = assertInstanceOf(JoinVerdict.Admitted.class, check(verifier, "standup", first));
        assertEquals(jti, admitted.tokenId());
        assertEquals(SignedJWT.parse(first).getJWTClaimsSet().getExpirationTime().toInstant().plusSeconds(JoinTokenVerifier.CLOCK_SKEW_SECONDS),
                admitted.acceptedUntil(), "accepted until exp plus the leeway");
    }

    @Test
    void missingOptionsPrintTheUsage() {
        assertEquals(2, run(null, "--room", "standup", "--name", "Alice"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: TokenMint"), err.toString(StandardCharsets.UTF_8));
        assertEquals("", printed());
    }

    @Test
    void aShortSecretIsRefusedWithoutBeingPrinted() {
        assertEquals(2, run(null, "--secret", "too-short", "--room", "standup", "--name", "Alice"));
        String problem = err.toString(StandardCharsets.UTF_8);
        assertTrue(problem.contains("at least 32 bytes"), problem);
        assertFalse(problem.contains("too-short"), problem);
    }

    @Test
    void anInvalidRoleOrNameIsRefused() {
        assertEquals(2, run(null, "--secret", TestTokens.SECRET, "--room", "standup", "--name", "Alice", "--role", "admin"));
        assertEquals(2, run(null, "--secret", TestTokens.SECRET, "--room", "standup", "--name", " "));
        assertEquals(2, run(null, "--secret", TestTokens.SECRET, "--room", "standup", "--name", "Alice", "--ttl", "soon"));
        assertEquals(2, run(null, "--secret", TestTokens.SECRET, "--room", "standup", "--name", "Alice", "--colour"));
        assertEquals("", printed());
    }
}
