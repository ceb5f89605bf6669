package org.callroom.room;

import java.time.Instant;

/** A room as an operator sees it in a list: its name, how many peers it holds (in resume grace too), and since when it exists. */
public record RoomSummary(String name, int participants, Instant createdAt) {
}
