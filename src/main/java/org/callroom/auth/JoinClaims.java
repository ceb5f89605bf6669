package org.callroom.auth;

import java.util.Set;
import org.callroom.protocol.InvalidMessageException;
import org.callroom.protocol.Join;

/**
 * Who a join is admitted as: the display name others see, and the user id ({@code sub}) and role a join token gave
 * it, null without one.
 */
public record JoinClaims(String name, String userId, String role) {

    /** The roles a token may give; the room passes them on, the page may act on them. */
    public static final Set<String> ROLES = Set.of("participant", "moderator");

    public static final int MAX_USER_ID_LENGTH = 256;

    /** @throws IllegalArgumentException naming the claim that breaks its rule */
    public JoinClaims {
        try {
            name = Join.displayName(name);
        } catch (InvalidMessageException invalid) {
            throw new IllegalArgumentException(invalid.getMessage());
        }
        if (userId != null && (userId.isEmpty() || userId.length() > MAX_USER_ID_LENGTH
                || userId.codePoints().anyMatch(JoinClaims::isForbidden))) {
            throw new IllegalArgumentException("sub must be 1-" + MAX_USER_ID_LENGTH + " characters, no control characters");
        }
        if (role != null && !ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be participant or moderator");
        }
    }

    /** The name a client sent, when the server checks no token. */
    public static JoinClaims asSent(Join join) {
        return new JoinClaims(join.name(), null, null);
    }

    private static boolean isForbidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.SURROGATE;
    }
}
