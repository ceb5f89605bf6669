package org.callroom.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues HS256 join tokens with the server's shared secret: for trying token mode out, and for whatever later hands
 * tokens to people (an admin API). Run from the command line, it prints one token.
 */
public final class TokenMint {

    static final String USAGE = """
            usage: TokenMint --secret SECRET --room ROOM --name NAME [--sub USER_ID] [--role participant|moderator]
                             [--ttl SECONDS (3600)] [--issuer ISS] [--audience AUD]
              --secret may be left out when CALLROOM_AUTH_TOKEN_SECRET is set; --room * admits to every room.
              Prints the token; hand it over as the call page's fragment: https://HOST/?room=ROOM#token=TOKEN""";

    private final MACSigner signer;
    private final Optional<String> issuer;
    private final Optional<String> audience;

    /** @throws IllegalArgumentException when the secret is shorter than the verifier accepts (never quoting it) */
    public TokenMint(String secret, Optional<String> issuer, Optional<String> audience) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < JoinTokenVerifier.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the secret must be at least " + JoinTokenVerifier.MIN_SECRET_BYTES + " bytes");
        }
        try {
            this.signer = new MACSigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the secret cannot key HS256");
        }
        this.issuer = issuer;
        this.audience = audience;
    }

    /** A token for {@code room} (or {@link JoinTokenVerifier#ANY_ROOM}) admitting its holder as {@code claims} until {@code ttl} from now. */
    public String mint(String room, JoinClaims claims, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
                .claim("room", room)
                .claim("name", claims.name())
                // Unique per token, so that a removal can ban this one token (and a portal can log which it handed out).
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        if (claims.userId() != null) {
            set.subject(claims.userId());
        }
        if (claims.role() != null) {
            set.claim("role", claims.role());
        }
        issuer.ifPresent(set::issuer);
        audience.ifPresent(set::audience);
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), set.build());
        try {
            token.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return token.serialize();
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv("CALLROOM_AUTH_TOKEN_SECRET"), System.out, System.err));
    }

    /** The command line: 0 with the token on {@code out}, 2 with the problem and the usage on {@code err}. */
    static int run(String[] args, String secretFromEnvironment, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        List<String> known = List.of("--secret", "--room", "--name", "--sub", "--role", "--ttl", "--issuer", "--audience");
        for (int i = 0; i < args.length; i += 2) {
            if (!known.contains(args[i]) || i + 1 >= args.length) {
                return usage(err, known.contains(args[i]) ? args[i] + " needs a value" : "unknown option " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        String secret = options.getOrDefault("--secret", secretFromEnvironment);
        if (secret == null || !options.containsKey("--room") || !options.containsKey("--name")) {
            return usage(err, "--secret, --room and --name are required");
        }
        try {
            long ttl = Long.parseLong(options.getOrDefault("--ttl", "3600"));
            if (ttl <= 0) {
                return usage(err, "--ttl must be a positive number of seconds");
            }
            JoinClaims claims = new JoinClaims(options.get("--name"), options.get("--sub"), options.get("--role"));
            TokenMint mint = new TokenMint(secret, Optional.ofNullable(options.get("--issuer")),
                    Optional.ofNullable(options.get("--audience")));
            out.println(mint.mint(options.get("--room"), claims, Duration.ofSeconds(ttl)));
            return 0;
        } catch (NumberFormatException notANumber) {
            return usage(err, "--ttl must be a positive number of seconds");
        } catch (IllegalArgumentException invalid) {
            return usage(err, invalid.getMessage());
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("TokenMint: " + problem);
        err.println(USAGE);
        return 2;
    }
}
