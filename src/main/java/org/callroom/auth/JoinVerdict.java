package org.callroom.auth;

import java.time.Instant;

/** What a {@link JoinAuthorizer} decided about one join. */
public sealed interface JoinVerdict {

    /**
     * The join may enter its room as {@code claims}; with a join token, its id ({@code jti}, null without one) and the
     * last instant it is accepted, for a removal to ban.
     */
    record Admitted(JoinClaims claims, String tokenId, Instant acceptedUntil) implements JoinVerdict {

        /** Admitted without a token. */
        public Admitted(JoinClaims claims) {
            this(claims, null, null);
        }
    }

    /** The join is refused; {@code reason} is for people and never quotes the token. */
    record Refused(String reason) implements JoinVerdict {
    }
}
