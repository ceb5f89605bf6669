package org.callroom.api;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import org.callroom.room.Participant;

/**
 * A participant: its peer id, display name, user id and role (absent without a token), when it joined, and its
 * transport: {@code connected}, or {@code resuming} while its place is kept for a resume.
 */
@JsonbNillable(false)
public record ParticipantView(String peerId, String name, String userId, String role, Instant joinedAt, String transport) {

    static ParticipantView of(Participant participant) {
        return new ParticipantView(participant.peer().peerId(), participant.peer().name(), participant.peer().userId(),
                participant.peer().role(), participant.joinedAt(), participant.connected() ? "connected" : "resuming");
    }
}
