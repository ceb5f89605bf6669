package org.callroom.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may call the admin API besides the server's own users in the admin role: a back end presenting
 * {@code callroom.admin.api-key} as a bearer token. Without the setting, bearer tokens admit nobody.
 */
@ApplicationScoped
public class AdminAccess {

    public static final String API_KEY = "callroom.admin.api-key";
    /** As long as the join token secret must be: a key a person could guess is no key. */
    static final int MIN_KEY_LENGTH = 32;

    /** SHA-256 of the key: compared in constant time, and the key itself is not kept. */
    private final byte[] keyDigest;

    /** For the CDI proxy only. */
    protected AdminAccess() {
        this.keyDigest = null;
    }

    @Inject
    public AdminAccess(@ConfigProperty(name = API_KEY) Optional<String> apiKey) {
        Optional<String> key = apiKey.map(String::strip).filter(value -> !value.isEmpty());
        if (key.isPresent() && key.get().length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException(API_KEY + " must be at least " + MIN_KEY_LENGTH + " characters");
        }
        this.keyDigest = key.map(AdminAccess::digest).orElse(null);
    }

    /** Created at deployment, so a bad key fails the deployment instead of the first call. */
    void validateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
        // Being called is the point: CDI has constructed the bean and checked its configuration.
    }

    /** Whether this bearer token is the configured API key. */
    public boolean admits(String bearer) {
        return keyDigest != null && bearer != null && MessageDigest.isEqual(keyDigest, digest(bearer));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
