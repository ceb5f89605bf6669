package org.callroom.protocol;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/** One entry of {@code RTCConfiguration.iceServers}; username and credential are absent for STUN. */
@JsonbNillable(false)
public record IceServer(List<String> urls, String username, String credential) {

    public IceServer {
        urls = List.copyOf(urls);
    }
}
