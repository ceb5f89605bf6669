package org.callroom.auth;

import org.callroom.protocol.Join;

/** Decides whether a join may enter a room, and as whom; called before the room hears of it. Never throws. */
@FunctionalInterface
public interface JoinAuthorizer {

    /** {@code callroom.auth.mode=none}: everyone enters under the name they sent. */
    JoinAuthorizer OPEN = (room, join) -> new JoinVerdict.Admitted(JoinClaims.asSent(join));

    JoinVerdict authorize(String room, Join join);
}
