package org.callroom.api;

import java.time.Instant;
import org.callroom.room.RoomSummary;

/** A room in the list: name, participant count and creation time (ISO-8601). */
public record RoomView(String name, int participants, Instant createdAt) {

    static RoomView of(RoomSummary summary) {
        return new RoomView(summary.name(), summary.participants(), summary.createdAt());
    }
}
