package org.callroom.auth;

/** What a {@link JoinAdmission} decided about one join. */
public sealed interface Admission {

    /** The join may enter its room as {@code claims}. */
    record Admitted(JoinClaims claims) implements Admission {
    }

    /** The join is refused; {@code reason} is for people and never quotes the token. */
    record Refused(String reason) implements Admission {
    }
}
