package org.callroom.auth;

/** What {@link ResumeTokens#verify} decided about one resume token. */
public sealed interface ResumeVerdict {

    /** The socket may come back as this peer. */
    record Valid(ResumeClaims claims) implements ResumeVerdict {
    }

    /** Refused; {@code reason} is for people and never quotes the token. */
    record Refused(String reason) implements ResumeVerdict {
    }
}
