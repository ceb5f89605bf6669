package org.callroom.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Optional;
import java.util.Set;
import org.callroom.protocol.Join;

/**
 * Admits a join only with a valid signed join token for its room, checked by nimbus-jose-jwt: one algorithm (HS256
 * with a shared secret, RS256 or ES256 with a public key), {@code exp} required and {@code nbf} honoured with
 * {@link #CLOCK_SKEW_SECONDS} of leeway, {@code iss} and {@code aud} when configured. Immutable and thread-safe.
 */
public final class JoinTokenVerifier implements JoinAuthorizer {

    /** How far the token issuer's clock may be from ours. */
    public static final int CLOCK_SKEW_SECONDS = 60;

    /** HS256 needs a key of at least 256 bits (RFC 7518, 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    /** The {@code room} claim that admits to every room. */
    public static final String ANY_ROOM = "*";

    private static final int MIN_RSA_BITS = 2048;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    private JoinTokenVerifier(JWSAlgorithm algorithm, JWKSource<SecurityContext> keys, Optional<String> issuer,
            Optional<String> audience) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, keys));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        issuer.ifPresent(exact::issuer);
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience.orElse(null), exact.build(),
                Set.of(JWTClaimNames.EXPIRATION_TIME, "room", "name"));
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * HS256 with a shared secret, its UTF-8 bytes.
     *
     * @throws IllegalArgumentException when the secret is shorter than {@link #MIN_SECRET_BYTES}; the message never quotes it
     */
    public static JoinTokenVerifier hmac(String secret, Optional<String> issuer, Optional<String> audience) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        return new JoinTokenVerifier(JWSAlgorithm.HS256, new ImmutableSecret<>(key), issuer, audience);
    }

    /**
     * RS256 for an RSA key (at least 2048 bits), ES256 for an EC key on P-256.
     *
     * @throws IllegalArgumentException for any other key
     */
    public static JoinTokenVerifier publicKey(PublicKey key, Optional<String> issuer, Optional<String> audience) {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("an RSA key must have at least " + MIN_RSA_BITS + " bits");
            }
            return new JoinTokenVerifier(JWSAlgorithm.RS256, new ImmutableJWKSet<>(new JWKSet(new RSAKey.Builder(rsa).build())),
                    issuer, audience);
        }
        if (key instanceof ECPublicKey ec) {
            if (!Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
                throw new IllegalArgumentException("an EC key must be on curve P-256 (for ES256)");
            }
            return new JoinTokenVerifier(JWSAlgorithm.ES256,
                    new ImmutableJWKSet<>(new JWKSet(new ECKey.Builder(Curve.P_256, ec).build())), issuer, audience);
        }
        throw new IllegalArgumentException("must be an RSA key (RS256) or an EC P-256 key (ES256), not " + key.getAlgorithm());
    }

    @Override
    public JoinVerdict authorize(String room, Join join) {
        if (join.token() == null) {
            return refused("a join token is required");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(join.token(), null);
        } catch (ParseException malformed) {
            return refused("token is malformed");
        } catch (BadJOSEException | JOSEException bad) {
            return refused(reason(bad));
        }
        try {
            String tokenRoom = claims.getStringClaim("room");
            if (!ANY_ROOM.equals(tokenRoom) && !room.equals(tokenRoom)) {
                return refused("token is for another room");
            }
            // Accepted until exp plus the leeway: a removal bans the token (by jti) and its sub that long.
            return new JoinVerdict.Admitted(new JoinClaims(claims.getStringClaim("name"), claims.getSubject(),
                    claims.getStringClaim("role")), claims.getJWTID(),
                    claims.getExpirationTime().toInstant().plusSeconds(CLOCK_SKEW_SECONDS));
        } catch (ParseException notText) {
            return refused("token claims room, name and role must be strings");
        } catch (IllegalArgumentException invalid) {
            return refused("token " + invalid.getMessage());
        }
    }

    private static JoinVerdict refused(String reason) {
        return new JoinVerdict.Refused(reason);
    }

    /**
     * Nimbus's refusal in words for people. Its messages never quote the token, but they are matched rather than
     * passed on so that what clients read stays stable and short.
     */
    private static String reason(Exception refusal) {
        String message = String.valueOf(refusal.getMessage());
        if (refusal instanceof ExpiredJWTException) {
            return "token expired";
        }
        if (refusal instanceof BadJWSException) {
            return "token signature is invalid";
        }
        if (message.contains("before use time")) {
            return "token is not valid yet";
        }
        if (message.contains("aud claim")) {
            return "token is not for this audience";
        }
        if (message.contains("iss claim")) {
            return "token is not from the expected issuer";
        }
        if (message.contains("missing required claims") && message.contains("[")) {
            // Nimbus lists the missing names, which are ours (exp, room, name, iss), never the token's content.
            return "token lacks required claims " + message.substring(message.indexOf('['));
        }
        if (message.contains("Unsecured") || message.contains("Another algorithm expected")) {
            return "token is not signed with the expected algorithm";
        }
        if (message.contains("Encrypted JWT")) {
            return "encrypted tokens are not accepted";
        }
        return "token is invalid";
    }
}
