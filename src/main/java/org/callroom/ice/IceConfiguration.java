package org.callroom.ice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.callroom.protocol.IceServer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ICE servers and transport policy every {@code welcome} hands to browsers: STUN URLs from {@code callroom.ice.servers},
 * TURN URLs from {@code callroom.turn.urls} with credentials issued per peer from {@code callroom.turn.secret}, and
 * {@code callroom.ice.transport-policy}. Empty by default: peers on one network need none, and a server on an intranet
 * should not send its users' addresses to a third party unasked. Every message names the setting at fault and never
 * quotes the secret.
 */
@ApplicationScoped
public class IceConfiguration {

    public static final String STUN_URLS = "callroom.ice.servers";
    public static final String TURN_URLS = "callroom.turn.urls";
    public static final String TURN_SECRET = "callroom.turn.secret";
    /** As for the token secret: 256 bits, what HMAC keys are held to here (RFC 7518, 3.2). */
    static final int MIN_TURN_SECRET_BYTES = 32;
    public static final String TURN_TTL = "callroom.turn.ttl-seconds";
    public static final String TRANSPORT_POLICY = "callroom.ice.transport-policy";

    /** A day: TURN servers check the expiry on every request, so a call that outlives its credential loses its relay. */
    static final long DEFAULT_TTL_SECONDS = 86_400;
    static final long MIN_TTL_SECONDS = 60;
    static final long MAX_TTL_SECONDS = 7 * 86_400;

    private static final Logger LOG = Logger.getLogger(IceConfiguration.class.getName());
    private static final Pattern STUN_URL = Pattern.compile("stuns?:[^\\s,]+");
    private static final Pattern TURN_URL = Pattern.compile("turns?:[^\\s,]+");

    private final List<IceServer> stun;
    private final Optional<TurnServers> turn;
    private final String transportPolicy;
    private final Clock clock;

    /** For the CDI proxy only. */
    protected IceConfiguration() {
        this.stun = List.of();
        this.turn = Optional.empty();
        this.transportPolicy = null;
        this.clock = Clock.systemUTC();
    }

    @Inject
    public IceConfiguration(@ConfigProperty(name = STUN_URLS) Optional<String> stunUrls,
            @ConfigProperty(name = TURN_URLS) Optional<String> turnUrls,
            @ConfigProperty(name = TURN_SECRET) Optional<String> turnSecret,
            @ConfigProperty(name = TURN_TTL) Optional<String> turnTtlSeconds,
            @ConfigProperty(name = TRANSPORT_POLICY) Optional<String> transportPolicy) {
        this(stunUrls, turnUrls, turnSecret, turnTtlSeconds, transportPolicy, Clock.systemUTC());
    }

    /** With the clock that credentials expire by, for tests. */
    IceConfiguration(Optional<String> stunUrls, Optional<String> turnUrls, Optional<String> turnSecret,
            Optional<String> turnTtlSeconds, Optional<String> transportPolicy, Clock clock) {
        this.stun = stunServers(stunUrls.orElse(""));
        this.turn = turnServers(urls(turnUrls.orElse("")), turnSecret, turnTtlSeconds);
        this.transportPolicy = transportPolicy(transportPolicy.orElse("all"), turn.isPresent());
        this.clock = clock;
    }

    /** Created at deployment, so a bad setting fails the deployment instead of the first join. */
    void validateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
        // Being called is the point: CDI has constructed the bean and checked its configuration.
    }

    /** The STUN servers alone, the same for every peer. */
    public List<IceServer> servers() {
        return stun;
    }

    /** The ICE servers for one peer's welcome: the STUN servers, then the TURN servers with a credential for this peer id. */
    public List<IceServer> serversFor(String peerId) {
        if (turn.isEmpty()) {
            return stun;
        }
        List<IceServer> servers = new ArrayList<>(stun);
        servers.add(turn.get().entryFor(peerId, clock.instant()));
        return List.copyOf(servers);
    }

    /** The RTCIceTransportPolicy every welcome names, or null for "all" (the browsers' default). */
    public String transportPolicy() {
        return transportPolicy;
    }

    /** One STUN entry per URL; a TURN URL needs credentials, so it belongs in {@code callroom.turn.urls}. */
    static List<IceServer> stunServers(String urls) {
        return urls(urls).stream()
                .map(url -> {
                    if (!STUN_URL.matcher(url).matches()) {
                        throw new IllegalArgumentException(STUN_URLS + ": '" + url + "' is not a stun: or stuns: URL"
                                + (url.startsWith("turn") ? " (set TURN servers in " + TURN_URLS + ", with " + TURN_SECRET + ")" : ""));
                    }
                    return new IceServer(List.of(url), null, null);
                })
                .toList();
    }

    /** The TURN servers these settings name, if any; they need the shared secret to issue credentials. */
    static Optional<TurnServers> turnServers(List<String> urls, Optional<String> secret, Optional<String> ttlSeconds) {
        Optional<String> key = secret.map(String::strip).filter(value -> !value.isEmpty());
        if (urls.isEmpty()) {
            if (key.isPresent()) {
                LOG.warning(() -> TURN_SECRET + " is set, but " + TURN_URLS + " is not: browsers get no TURN server.");
            }
            return Optional.empty();
        }
        for (String url : urls) {
            if (!TURN_URL.matcher(url).matches()) {
                throw new IllegalArgumentException(TURN_URLS + ": '" + url + "' is not a turn: or turns: URL");
            }
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException(TURN_URLS + " is set, so " + TURN_SECRET
                    + " must be too: the TURN server's static-auth-secret, from which each peer's credential is made");
        }
        int bytes = key.get().getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_TURN_SECRET_BYTES) {
            throw new IllegalArgumentException(TURN_SECRET + " must be at least " + MIN_TURN_SECRET_BYTES + " bytes, was " + bytes
                    + ": every participant receives a username with its HMAC, so a short secret can be found offline"
                    + " (make one with: openssl rand -base64 32)");
        }
        return Optional.of(TurnServers.of(urls, key.get(), Duration.ofSeconds(ttlSeconds(ttlSeconds))));
    }

    static long ttlSeconds(Optional<String> setting) {
        String value = setting.map(String::strip).orElse("");
        if (value.isEmpty()) {
            return DEFAULT_TTL_SECONDS;
        }
        long seconds;
        try {
            seconds = Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
            seconds = -1;
        }
        if (seconds < MIN_TTL_SECONDS || seconds > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException(TURN_TTL + " must be " + MIN_TTL_SECONDS + "-" + MAX_TTL_SECONDS
                    + " seconds, was '" + value + "'");
        }
        return seconds;
    }

    /** "relay", or null for "all"; relaying needs a TURN server to relay through. */
    static String transportPolicy(String setting, boolean turn) {
        switch (setting.strip()) {
            case "all" -> {
                return null;
            }
            case "relay" -> {
                if (!turn) {
                    throw new IllegalArgumentException(TRANSPORT_POLICY + "=relay needs a TURN server in " + TURN_URLS
                            + ", since browsers then use relayed candidates only");
                }
                return "relay";
            }
            default -> throw new IllegalArgumentException(TRANSPORT_POLICY + " must be all or relay, was '" + setting + "'");
        }
    }

    private static List<String> urls(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(url -> !url.isEmpty()).toList();
    }
}
