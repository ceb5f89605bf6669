package org.callroom.auth;

import org.callroom.protocol.Join;

/** Decides whether a join may enter a room, and as whom; called before the room hears of it. Never throws. */
@FunctionalInterface
public interface JoinAdmission {

    /** {@code callroom.auth.mode=none}: everyone enters under the name they sent. */
    JoinAdmission OPEN = (room, join) -> new Admission.Admitted(JoinClaims.asSent(join));

    Admission admit(String room, Join join);
}
