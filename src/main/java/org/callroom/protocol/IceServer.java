package org.callroom.protocol;

import java.util.List;

/** One entry of {@code RTCConfiguration.iceServers}; username and credential are absent for STUN. */
public record IceServer(List<String> urls, String username, String credential) {

    public IceServer {
        urls = List.copyOf(urls);
    }
}
