package org.callroom.api;

import java.util.List;

/** One room and everyone in it. */
public record RoomDetail(String name, List<ParticipantView> participants) {
}
