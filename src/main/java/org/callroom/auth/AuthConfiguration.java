package org.callroom.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may join, from {@code callroom.auth.*}: everyone ({@code mode=none}, the default, so the local demo needs no
 * setup) or only holders of a signed join token ({@code mode=token}, with exactly one of {@code token-secret} and
 * {@code token-public-key}). Every message names the setting at fault and never quotes the secret.
 */
@ApplicationScoped
public class AuthConfiguration {

    public static final String MODE = "callroom.auth.mode";
    public static final String SECRET = "callroom.auth.token-secret";
    public static final String PUBLIC_KEY = "callroom.auth.token-public-key";
    public static final String ISSUER = "callroom.auth.token-issuer";
    public static final String AUDIENCE = "callroom.auth.token-audience";
    public static final String MODERATOR_ROLE = "callroom.auth.moderator-role";
    /** The application server's role whose holders join as moderators in container mode, unless configured otherwise. */
    public static final String DEFAULT_MODERATOR_ROLE = "callroom-moderator";

    private static final Logger LOG = Logger.getLogger(AuthConfiguration.class.getName());

    private static final Pattern PEM_PUBLIC_KEY = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private final JoinAuthorizer authorizer;
    private final Optional<TokenMint> mint;
    private final boolean container;
    private final String moderatorRole;

    /** For the CDI proxy only. */
    protected AuthConfiguration() {
        this.authorizer = JoinAuthorizer.OPEN;
        this.mint = Optional.empty();
        this.container = false;
        this.moderatorRole = DEFAULT_MODERATOR_ROLE;
    }

    /** Without container mode's moderator role: for tests and tools. */
    public AuthConfiguration(String mode, Optional<String> secret, Optional<String> publicKey, Optional<String> issuer,
            Optional<String> audience) {
        this(mode, secret, publicKey, issuer, audience, Optional.empty());
    }

    @Inject
    public AuthConfiguration(@ConfigProperty(name = MODE, defaultValue = "none") String mode,
            @ConfigProperty(name = SECRET) Optional<String> secret,
            @ConfigProperty(name = PUBLIC_KEY) Optional<String> publicKey,
            @ConfigProperty(name = ISSUER) Optional<String> issuer,
            @ConfigProperty(name = AUDIENCE) Optional<String> audience,
            @ConfigProperty(name = MODERATOR_ROLE) Optional<String> moderatorRole) {
        this.container = mode.strip().equals("container");
        this.moderatorRole = nonBlank(moderatorRole).orElse(DEFAULT_MODERATOR_ROLE);
        // Container mode has no shared authorizer: each socket's comes from its principal (authorizerFor).
        this.authorizer = container ? JoinAuthorizer.OPEN : authorizer(mode, secret, publicKey, issuer, audience);
        // Only a shared secret can sign here; with a public key the tokens come from whoever holds the private one.
        this.mint = mode.strip().equals("token") && secret.isPresent()
                ? Optional.of(new TokenMint(secret.get(), nonBlank(issuer), nonBlank(audience)))
                : Optional.empty();
    }

    private static Optional<String> nonBlank(Optional<String> setting) {
        return setting.map(String::strip).filter(value -> !value.isEmpty());
    }

    /** Created at deployment, so a bad setting fails the deployment instead of the first join. */
    void validateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
        // Being called is the point: CDI has constructed the bean and checked its configuration.
    }

    /** What every join goes through, outside container mode. */
    public JoinAuthorizer authorizer() {
        return authorizer;
    }

    /**
     * What a socket's joins go through: in container mode the identity its handshake was authenticated as (a socket
     * without one is refused every join), otherwise {@link #authorizer()}.
     */
    public JoinAuthorizer authorizerFor(ContainerIdentity identity) {
        if (!container) {
            return authorizer;
        }
        return identity != null ? identity : (room, join) -> new JoinVerdict.Refused("the server did not authenticate this socket");
    }

    /** Whether the application server authenticates people ({@code callroom.auth.mode=container}). */
    public boolean container() {
        return container;
    }

    /** The role whose holders join as moderators in container mode. */
    public String moderatorRole() {
        return moderatorRole;
    }

    /** Signs join tokens the authorizer accepts; present only in token mode with a shared secret. */
    public Optional<TokenMint> mint() {
        return mint;
    }

    /**
     * The authorizer these settings ask for.
     *
     * @throws IllegalArgumentException naming the setting at fault, never quoting the secret
     */
    static JoinAuthorizer authorizer(String mode, Optional<String> secret, Optional<String> publicKey, Optional<String> issuer,
            Optional<String> audience) {
        switch (mode.strip()) {
            case "none" -> {
                if (secret.isPresent() || publicKey.isPresent()) {
                    LOG.warning(() -> (secret.isPresent() ? SECRET : PUBLIC_KEY) + " is set, but " + MODE
                            + " is none: joins are not checked. Set " + MODE + "=token to require join tokens.");
                }
                return JoinAuthorizer.OPEN;
            }
            case "token" -> {
                if (secret.isPresent() == publicKey.isPresent()) {
                    throw new IllegalArgumentException(MODE + "=token needs exactly one of " + SECRET + " (HS256) and "
                            + PUBLIC_KEY + " (RS256 or ES256), " + (secret.isPresent() ? "not both" : "and neither is set"));
                }
                Optional<String> iss = issuer.map(String::strip).filter(value -> !value.isEmpty());
                Optional<String> aud = audience.map(String::strip).filter(value -> !value.isEmpty());
                if (secret.isPresent()) {
                    try {
                        return JoinTokenVerifier.hmac(secret.get(), iss, aud);
                    } catch (IllegalArgumentException tooShort) {
                        throw new IllegalArgumentException(SECRET + " " + tooShort.getMessage());
                    }
                }
                try {
                    return JoinTokenVerifier.publicKey(readPublicKey(Path.of(publicKey.get().strip())), iss, aud);
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException(PUBLIC_KEY + ": " + bad.getMessage());
                }
            }
            default -> throw new IllegalArgumentException(MODE + " must be none, token or container, was '" + mode + "'");
        }
    }

    /** A PEM file holding an X.509 SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}), RSA or EC. */
    static PublicKey readPublicKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException unreadable) {
            throw new IllegalArgumentException("cannot read " + file + " (" + unreadable.getClass().getSimpleName() + ")");
        }
        Matcher block = PEM_PUBLIC_KEY.matcher(pem);
        if (!block.find()) {
            throw new IllegalArgumentException(file + " holds no PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(1));
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException(file + " holds a public key that is not valid base64");
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException notThisKind) {
                // Try the next kind; the key says its algorithm only inside the DER.
            }
        }
        throw new IllegalArgumentException(file + " holds neither an RSA nor an EC public key");
    }
}
