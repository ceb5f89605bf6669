package org.callroom.auth;

import org.callroom.protocol.Join;

/**
 * Who the application server says opened a socket ({@code callroom.auth.mode=container}): its principal's name, and
 * whether it holds the moderator role. It joins under that name, whatever name it sends.
 */
public record ContainerIdentity(String principal, boolean moderator) implements JoinAuthorizer {

    @Override
    public JoinVerdict authorize(String room, Join join) {
        try {
            return new JoinVerdict.Admitted(new JoinClaims(principal, principal, moderator ? "moderator" : "participant"));
        } catch (IllegalArgumentException unusable) {
            // A principal name no display name may be (longer than 64 characters, say): refused, not shortened.
            return new JoinVerdict.Refused("the server's name for you cannot be shown in a call: " + unusable.getMessage());
        }
    }
}
