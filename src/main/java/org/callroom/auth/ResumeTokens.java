package org.callroom.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Issues and checks resume tokens (docs/protocol.md, "Resume"): JWTs this server signs with HS256 and its
 * {@link ResumeKey}, typed {@code callroom-resume} so that no join token passes for one, naming the room, the peer id
 * ({@code sub}) and the claims it joined with, and expiring {@code callroom.resume.token-seconds} after issue: longer
 * than the grace period, so a page can still come back to a server that was itself away. Nothing but the key is kept,
 * so a token issued before a restart verifies after it.
 */
@ApplicationScoped
public class ResumeTokens {

    public static final String GRACE_SECONDS = "callroom.resume.grace-seconds";
    public static final String TOKEN_SECONDS = "callroom.resume.token-seconds";

    private static final JOSEObjectType TYPE = new JOSEObjectType("callroom-resume");

    private final Duration grace;
    private final Duration life;
    private final Clock clock;
    private final MACSigner signer;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** For the CDI proxy only. */
    protected ResumeTokens() {
        this.grace = Duration.ZERO;
        this.life = Duration.ZERO;
        this.clock = Clock.systemUTC();
        this.signer = null;
    }

    @Inject
    public ResumeTokens(@ConfigProperty(name = GRACE_SECONDS, defaultValue = "30") int graceSeconds,
            @ConfigProperty(name = TOKEN_SECONDS, defaultValue = "300") int tokenSeconds,
            @ConfigProperty(name = ResumeKey.SECRET) Optional<String> secret,
            @ConfigProperty(name = ResumeKey.KEY_FILE) Optional<String> keyFile) {
        this(graceSeconds, tokenSeconds, ResumeKey.load(secret, keyFile, systemProperties()), Clock.systemUTC());
    }

    /** Tokens that live as long as the grace period. */
    public ResumeTokens(int graceSeconds, byte[] key, Clock clock) {
        this(graceSeconds, graceSeconds, key, clock);
    }

    /** @throws IllegalArgumentException naming the setting at fault */
    public ResumeTokens(int graceSeconds, int tokenSeconds, byte[] key, Clock clock) {
        if (graceSeconds < 1 || graceSeconds > 3600) {
            throw new IllegalArgumentException(GRACE_SECONDS + " must be 1-3600, was " + graceSeconds);
        }
        if (tokenSeconds < graceSeconds || tokenSeconds > 86400) {
            throw new IllegalArgumentException(TOKEN_SECONDS + " must be at least " + GRACE_SECONDS + " (" + graceSeconds
                    + ") and at most 86400, was " + tokenSeconds);
        }
        this.grace = Duration.ofSeconds(graceSeconds);
        this.life = Duration.ofSeconds(tokenSeconds);
        this.clock = clock;
        try {
            this.signer = new MACSigner(key);
        } catch (JOSEException tooShort) {
            throw new IllegalArgumentException("the resume key must be at least " + ResumeKey.KEY_BYTES + " bytes");
        }
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(key)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null, null,
                Set.of(JWTClaimNames.EXPIRATION_TIME, JWTClaimNames.SUBJECT, "room", "name")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        // Issued and checked by this server's own clock (a restarted one included): no leeway.
        claims.setMaxClockSkew(0);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** Created at deployment, so that a bad setting or an unusable key file fails the deployment, not the first join. */
    void validateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
        // Being called is the point: CDI has constructed the bean, loaded the key and checked the settings.
    }

    /** How long a living server keeps a dropped peer's place. */
    public Duration grace() {
        return grace;
    }

    /** How long a token stays valid after it is issued: how long a page may try to come back to a server that went away. */
    public Duration life() {
        return life;
    }

    /** A token for this peer of this room, valid for the token's life from now. */
    public String issue(String room, String peerId, JoinClaims claims) {
        return issue(room, peerId, claims, null, null);
    }

    /** As above, naming the join token the peer was admitted with ({@code joinTokenId} and its last accepted instant). */
    public String issue(String room, String peerId, JoinClaims claims, String joinTokenId, Instant joinTokenUntil) {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
                .subject(peerId)
                .claim("room", room)
                .claim("name", claims.name())
                .expirationTime(Date.from(clock.instant().plus(life)));
        if (claims.userId() != null) {
            set.claim("uid", claims.userId());
        }
        if (claims.role() != null) {
            set.claim("role", claims.role());
        }
        if (joinTokenId != null) {
            set.claim("tid", joinTokenId);
        }
        if (joinTokenUntil != null) {
            set.claim("tuntil", joinTokenUntil.getEpochSecond());
        }
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(TYPE).build(), set.build());
        try {
            token.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return token.serialize();
    }

    /** Whether {@code token} lets a socket of {@code room} come back, and as whom. */
    public ResumeVerdict verify(String token, String room) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException malformed) {
            return refused("resume token is malformed");
        } catch (ExpiredJWTException expired) {
            return refused("resume token expired");
        } catch (BadJOSEException | JOSEException bad) {
            return refused("resume token is not one this server issued");
        }
        try {
            if (!room.equals(claims.getStringClaim("room"))) {
                return refused("resume token is for another room");
            }
            Long until = claims.getLongClaim("tuntil");
            return new ResumeVerdict.Valid(new ResumeClaims(claims.getSubject(),
                    new JoinClaims(claims.getStringClaim("name"), claims.getStringClaim("uid"), claims.getStringClaim("role")),
                    claims.getStringClaim("tid"), until == null ? null : Instant.ofEpochSecond(until)));
        } catch (ParseException | IllegalArgumentException invalid) {
            // Only a token signed with our key gets here, so only a change of this code could make one.
            return refused("resume token claims are invalid");
        }
    }

    private static ResumeVerdict refused(String reason) {
        return new ResumeVerdict.Refused(reason);
    }

    private static Map<String, String> systemProperties() {
        return System.getProperties().stringPropertyNames().stream()
                .collect(Collectors.toUnmodifiableMap(name -> name, System::getProperty));
    }
}
