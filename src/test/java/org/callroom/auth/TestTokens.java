package org.callroom.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.Consumer;

/** Join tokens of every kind the tests need, good and bad, signed by nimbus-jose-jwt. */
public final class TestTokens {

    public static final String SECRET = "a test secret that is long enough for HS256";
    public static final String OTHER_SECRET = "another secret, also long enough for HS256!";

    private TestTokens() {
    }

    /** Claims for {@code room} and {@code name}, valid for an hour; {@code change} adds or overrides any. */
    public static JWTClaimsSet claims(String room, String name, Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .claim("room", room)
                .claim("name", name)
                .expirationTime(in(Duration.ofHours(1)));
        change.accept(claims);
        return claims.build();
    }

    public static Date in(Duration fromNow) {
        return Date.from(Instant.now().plus(fromNow));
    }

    public static String hs256(String secret, JWTClaimsSet claims) {
        try {
            return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hs256(JWTClaimsSet claims) {
        return hs256(SECRET, claims);
    }

    /** The same claims with {@code alg: none}, which must never be accepted. */
    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    public static String rs256(KeyPair keys, JWTClaimsSet claims) {
        return sign(new RSASSASigner(keys.getPrivate()), JWSAlgorithm.RS256, claims);
    }

    public static String es256(KeyPair keys, JWTClaimsSet claims) {
        try {
            return sign(new ECDSASigner((ECPrivateKey) keys.getPrivate()), JWSAlgorithm.ES256, claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        SignedJWT token = new SignedJWT(new JWSHeader(algorithm), claims);
        try {
            token.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return token.serialize();
    }

    public static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ecKeys(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as a PEM file: base64 of its X.509 SubjectPublicKeyInfo between the PUBLIC KEY lines. */
    public static Path pem(Path dir, KeyPair keys) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded());
        return Files.writeString(Files.createTempFile(dir, "key-", ".pem"),
                "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
    }
}
