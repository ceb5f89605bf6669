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
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Issues and checks resume tokens (docs/protocol.md, "Resume"): JWTs this server signs with HS256 and its
 * {@link ResumeKey}, typed {@code callroom-resume} so that no join token passes for one, naming the room, the peer id
 * ({@code sub}) and the claims it joined with, and expiring {@code callroom.resume.grace-seconds} after issue.
 * Nothing but the key is kept, so a token issued before a restart verifies after it.
 */
@ApplicationScoped
public class ResumeTokens {

    public static final String GRACE_SECONDS = "callroom.resume.grace-seconds";

    private static final JOSEObjectType TYPE = new JOSEObjectType("callroom-resume");

    private final Duration grace;
    private final Clock clock;
    private final MACSigner signer;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** For the CDI proxy only. */
    protected ResumeTokens() {
        this.grace = Duration.ZERO;
        this.clock = Clock.systemUTC();
        this.signer = null;
    }

    @Inject
    public ResumeTokens(@ConfigProperty(name = GRACE_SECONDS, defaultValue = "30") int graceSeconds,
            @ConfigProperty(name = ResumeKey.SECRET) Optional<String> secret,
            @ConfigProperty(name = ResumeKey.KEY_FILE) Optional<String> keyFile) {
        this(graceSeconds, ResumeKey.load(secret, keyFile, systemProperties()), Clock.systemUTC());
    }

    /** @throws IllegalArgumentException naming the setting at fault */
    public ResumeTokens(int graceSeconds, byte[] key, Clock clock) {
        if (graceSeconds < 1 || graceSeconds > 3600) {
            throw new IllegalArgumentException(GRACE_SECONDS + " must be 1-3600, was " + graceSeconds);
        }
        this.grace = Duration.ofSeconds(graceSeconds);
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

    /** How long a dropped peer keeps its place, and a token stays valid after it is issued. */
    public Duration grace() {
        return grace;
    }

    /** A token for this peer of this room, valid for the grace period from now. */
    public String issue(String room, String peerId, JoinClaims claims) {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
                .subject(peerId)
                .claim("room", room)
                .claim("name", claims.name())
                .expirationTime(Date.from(clock.instant().plus(grace)));
        if (claims.userId() != null) {
            set.claim("uid", claims.userId());
        }
        if (claims.role() != null) {
            set.claim("role", claims.role());
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
            return new ResumeVerdict.Valid(new ResumeClaims(claims.getSubject(),
                    new JoinClaims(claims.getStringClaim("name"), claims.getStringClaim("uid"), claims.getStringClaim("role"))));
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
