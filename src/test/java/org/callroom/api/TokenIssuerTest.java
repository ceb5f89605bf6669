package org.callroom.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.callroom.auth.AuthConfiguration;
import org.callroom.auth.JoinTokenVerifier;
import org.callroom.auth.JoinVerdict;
import org.callroom.protocol.Join;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

    private final AuthConfiguration tokenMode = new AuthConfiguration("token", Optional.of(SECRET), Optional.empty(), Optional.empty(),
            Optional.empty());

    private static TokenIssuer.Outcome.Refused refused(TokenIssuer.Outcome outcome) {
        return assertInstanceOf(TokenIssuer.Outcome.Refused.class, outcome);
    }

    @Test
    void aMintedTokenIsOneTheServerAdmitsWithItsClaimsForItsRoomOnly() {
        TokenIssuer.Outcome outcome = new TokenIssuer(tokenMode.mint()).issue(new TokenRequest("room-1", "Alice", "alice@corp", "moderator", 600L));
        IssuedToken issued = assertInstanceOf(TokenIssuer.Outcome.Issued.class, outcome).token();
        assertEquals("room-1", issued.room());
        assertTrue(issued.expiresAt().isAfter(Instant.now().plusSeconds(590)) && issued.expiresAt().isBefore(Instant.now().plusSeconds(610)),
                issued.expiresAt().toString());

        JoinVerdict verdict = tokenMode.authorizer().authorize("room-1", new Join("ignored", issued.token()));
        JoinVerdict.Admitted admitted = assertInstanceOf(JoinVerdict.Admitted.class, verdict, verdict.toString());
        assertEquals("Alice", admitted.claims().name());
        assertEquals("alice@corp", admitted.claims().userId());
        assertEquals("moderator", admitted.claims().role());
        assertTrue(admitted.tokenId() != null && !admitted.tokenId().isEmpty(), "a jti, for a removal to ban");
        assertEquals(issued.expiresAt().getEpochSecond() + JoinTokenVerifier.CLOCK_SKEW_SECONDS, admitted.acceptedUntil().getEpochSecond());
        IssuedToken second = assertInstanceOf(TokenIssuer.Outcome.Issued.class,
                new TokenIssuer(tokenMode.mint()).issue(new TokenRequest("room-1", "Alice", "alice@corp", "moderator", 600L))).token();
        JoinVerdict.Admitted again = assertInstanceOf(JoinVerdict.Admitted.class,
                tokenMode.authorizer().authorize("room-1", new Join("ignored", second.token())));
        assertTrue(!admitted.tokenId().equals(again.tokenId()), "each token its own jti");
        assertInstanceOf(JoinVerdict.Refused.class, tokenMode.authorizer().authorize("room-2", new Join("x", issued.token())));
    }

    @Test
    void withoutASharedSecretNothingIsMintedAndTheCallerIsToldWhichSettingsWouldAllowIt() {
        AuthConfiguration open = new AuthConfiguration("none", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        TokenIssuer.Outcome.Refused refusal = refused(new TokenIssuer(open.mint()).issue(new TokenRequest("room-1", "Alice", null, null, null)));
        assertEquals(409, refusal.status());
        assertEquals("minting-unavailable", refusal.error().code());
        assertTrue(refusal.error().message().contains(AuthConfiguration.SECRET));
    }

    @Test
    void aRequestBreakingARuleIsRefusedWithThatRule() {
        TokenIssuer issuer = new TokenIssuer(tokenMode.mint());
        for (TokenRequest bad : new TokenRequest[] {null, new TokenRequest(null, "A", null, null, null),
                new TokenRequest("no spaces", "A", null, null, null), new TokenRequest("r", null, null, null, null),
                new TokenRequest("r", " ", null, null, null), new TokenRequest("r", "A", null, "owner", null),
                new TokenRequest("r", "A", "", null, null), new TokenRequest("r", "A", null, null, 0L),
                new TokenRequest("r", "A", null, null, TokenIssuer.MAX_TTL_SECONDS + 1)}) {
            TokenIssuer.Outcome.Refused refusal = refused(issuer.issue(bad));
            assertEquals(400, refusal.status(), String.valueOf(bad));
            assertEquals("bad-request", refusal.error().code());
        }
        assertInstanceOf(TokenIssuer.Outcome.Issued.class, issuer.issue(new TokenRequest("*", "A", null, null, null)), "* admits to every room");
    }
}
