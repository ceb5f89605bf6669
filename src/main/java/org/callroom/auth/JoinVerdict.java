package org.callroom.auth;

/** What a {@link JoinAuthorizer} decided about one join. */
public sealed interface JoinVerdict {

    /** The join may enter its room as {@code claims}. */
    record Admitted(JoinClaims claims) implements JoinVerdict {
    }

    /** The join is refused; {@code reason} is for people and never quotes the token. */
    record Refused(String reason) implements JoinVerdict {
    }
}
