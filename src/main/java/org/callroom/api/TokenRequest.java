package org.callroom.api;

/** What a portal back end asks a join token for; userId, role (participant by default) and ttlSeconds (3600) may be left out. */
public record TokenRequest(String room, String name, String userId, String role, Long ttlSeconds) {
}
