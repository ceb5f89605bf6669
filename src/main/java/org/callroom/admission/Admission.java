package org.callroom.admission;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may open a signaling socket, from configuration: the origin allow-list (with the sites that may embed the call
 * page), the trusted proxies and the one header of theirs that says who the client is, and the caps on sockets per
 * client address and in all.
 */
@ApplicationScoped
public class Admission {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Places taken at handshakes whose sockets have not opened yet, by ticket: the handshake and the socket are
     * separate callbacks, and this is how a place passes from one to the other.
     */
    private final ConcurrentHashMap<String, SocketQuota.Place> handedOver = new ConcurrentHashMap<>();

    private OriginPolicy origins;
    private EmbedOrigins embedding;
    private ClientAddress addresses;
    private SocketQuota quota;

    /** For the CDI proxy only. */
    protected Admission() {
    }

    @Inject
    public Admission(@ConfigProperty(name = "callroom.origins") Optional<String> origins,
            @ConfigProperty(name = EmbedOrigins.SETTING) Optional<String> embedOrigins,
            @ConfigProperty(name = "callroom.proxy.trusted") Optional<String> trustedProxies,
            @ConfigProperty(name = ClientAddress.HEADER_SETTING, defaultValue = "X-Forwarded-For") String addressHeader,
            @ConfigProperty(name = "callroom.limits.sockets-per-address", defaultValue = "32") int perAddress,
            @ConfigProperty(name = "callroom.limits.sessions", defaultValue = "10000") int sessions) {
        if (perAddress < 1) {
            throw new IllegalArgumentException("callroom.limits.sockets-per-address must be at least 1, was " + perAddress);
        }
        if (sessions < 1) {
            throw new IllegalArgumentException("callroom.limits.sessions must be at least 1, was " + sessions);
        }
        this.embedding = new EmbedOrigins(embedOrigins.orElse(""));
        this.origins = new OriginPolicy(origins.orElse(""), embedding);
        this.addresses = new ClientAddress(trustedProxies.orElse(""), addressHeader);
        this.quota = new SocketQuota(perAddress, sessions);
    }

    /** Created at deployment, so a bad setting fails the deployment instead of the first handshake. */
    void validateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
        // Being called is the point: CDI has constructed the bean and checked its configuration.
    }

    public OriginPolicy origins() {
        return origins;
    }

    public EmbedOrigins embedding() {
        return embedding;
    }

    public ClientAddress addresses() {
        return addresses;
    }

    public SocketQuota quota() {
        return quota;
    }

    /** Keeps a place for the socket a handshake is about to open; the ticket claims it. */
    public String handOver(SocketQuota.Place place) {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        handedOver.put(ticket, place);
        return ticket;
    }

    /** The place a ticket stands for, once; null for an unknown or already claimed ticket. */
    public SocketQuota.Place claim(String ticket) {
        return ticket == null ? null : handedOver.remove(ticket);
    }
}
