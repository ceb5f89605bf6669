package org.callroom.protocol;

/** A peer as others in its room see it. */
public record PeerInfo(String peerId, String name) {
}
