package org.callroom.ice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.callroom.protocol.IceServer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ICE servers every {@code welcome} hands to browsers, from {@code callroom.ice.servers}:
 * comma-separated STUN/TURN URLs. Empty by default: peers on one network need none, and a
 * server on an intranet should not send its users' addresses to a third party unasked.
 */
@ApplicationScoped
public class IceConfiguration {

    private static final Pattern ICE_URL = Pattern.compile("(stun|stuns):[^\\s,]+");

    private final List<IceServer> servers;

    /** For the CDI proxy only. */
    protected IceConfiguration() {
        this.servers = List.of();
    }

    @Inject
    public IceConfiguration(@ConfigProperty(name = "callroom.ice.servers") Optional<String> urls) {
        this.servers = parse(urls.orElse(""));
    }

    /** Created at deployment, so a bad URL fails the deployment instead of the first join. */
    void validateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
        // Being called is the point: CDI has constructed the bean and checked its configuration.
    }

    public List<IceServer> servers() {
        return servers;
    }

    /** The ICE servers for one peer's welcome: with TURN, credentials issued to that peer id. */
    public List<IceServer> serversFor(String peerId) {
        return servers;
    }

    /** The RTCIceTransportPolicy every welcome names, or null for "all" (the browsers' default). */
    public String transportPolicy() {
        return null;
    }

    /**
     * One STUN entry per URL. TURN needs credentials, which come with a later version; a TURN URL
     * without them would make every browser's RTCPeerConnection constructor throw, so it is refused here.
     */
    static List<IceServer> parse(String urls) {
        return Arrays.stream(urls.split(","))
                .map(String::strip)
                .filter(url -> !url.isEmpty())
                .map(url -> {
                    if (!ICE_URL.matcher(url).matches()) {
                        throw new IllegalArgumentException("callroom.ice.servers: '" + url + "' is not a stun: or stuns: URL"
                                + (url.startsWith("turn") ? " (TURN servers need credentials, which are not supported yet)" : ""));
                    }
                    return new IceServer(List.of(url), null, null);
                })
                .toList();
    }
}
