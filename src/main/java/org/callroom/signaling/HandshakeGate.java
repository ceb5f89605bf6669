package org.callroom.signaling;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.callroom.admission.Admission;
import org.callroom.admission.ForwardedHeader;
import org.callroom.admission.SocketQuota;
import org.callroom.auth.AuthConfiguration;
import org.callroom.auth.CallPageLogin;
import org.callroom.auth.ContainerIdentity;
import org.callroom.protocol.ErrorMessage;

/**
 * Checks each signaling handshake before the container upgrades it: a foreign Origin gets 403, a client address
 * already at its socket cap 429, a server at its session cap 503, and none of them opens a session. Declared filters run
 * before the containers' own WebSocket filters (Tyrus's and Undertow's are added after them), so this sees every upgrade.
 */
@WebFilter(filterName = "signal-handshake-gate", urlPatterns = "/signal/*", asyncSupported = true)
public class HandshakeGate extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logger.getLogger(HandshakeGate.class.getName());

    /** Carries the ticket for the socket's place from this filter to the endpoint, the one way a handshake's data reaches both. */
    static final String TICKET_HEADER = "Callroom-Socket-Ticket";

    /**
     * Proves the header was written by this filter: a client could send the header itself, and if a container ever
     * upgraded without running the filter, the endpoint must refuse rather than trust it.
     */
    private static final String SEAL = seal();

    private static final String TICKET_PROPERTY = HandshakeGate.class.getName() + ".ticket";

    @Inject
    transient Admission admission;

    @Inject
    transient AuthConfiguration auth;

    private static final String IDENTITY_PROPERTY = HandshakeGate.class.getName() + ".identity";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        String peer = request.getRemoteAddr();
        boolean viaProxy = admission.addresses().isTrusted(peer);
        String origin = request.getHeader("Origin");
        if (origin != null && !admission.origins().allows(origin, scheme(request, viaProxy), host(request, viaProxy))) {
            LOG.fine(() -> "refused a signaling handshake from origin " + ErrorMessage.excerpt(origin));
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "This origin may not open Callroom's signaling socket (callroom.origins).");
            return;
        }
        // Container mode: the server's own login decides who this is; nobody anonymous gets a socket (401 and its challenge).
        if (auth.container() && !CallPageLogin.loggedIn(request, response, CallPageLogin.LOG_IN)) {
            LOG.info("event=refused reason=unauthenticated-handshake");
            return;
        }
        String client = admission.addresses().of(peer, lines(request, admission.addresses().header()));
        // Taken here, not when the socket opens: the container answers 101 before it opens the socket, so a check alone
        // would let a quick client past its cap.
        SocketQuota.Verdict verdict = admission.quota().acquire(client);
        if (verdict == SocketQuota.Verdict.ADDRESS_FULL) {
            refuse(response, 429, "Too many signaling sockets, or dropped calls waiting for their resume, from your address (callroom.limits.sockets-per-address).");
            return;
        }
        if (verdict == SocketQuota.Verdict.SERVER_FULL) {
            response.setHeader("Retry-After", "30");
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The server holds as many signaling sockets as it may; try again later.");
            return;
        }
        SocketQuota.Place place = admission.quota().placeFor(client);
        String ticket = admission.handOver(place);
        try {
            chain.doFilter(new TicketRequest(request, SEAL + " " + ticket), response);
        } finally {
            if (response.getStatus() != HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
                // No socket will open (a plain request, or a handshake the container refused): the place goes back.
                admission.claim(ticket);
                place.release();
            }
        }
    }

    /** The ticket for the place this filter took for the socket, or null when the handshake did not pass through it. */
    static String ticket(Map<String, Object> userProperties) {
        return userProperties.get(TICKET_PROPERTY) instanceof String ticket ? ticket : null;
    }

    /** Who the server authenticated the handshake as, in container mode; else null. */
    static ContainerIdentity identity(Map<String, Object> userProperties) {
        return userProperties.get(IDENTITY_PROPERTY) instanceof ContainerIdentity identity ? identity : null;
    }

    /**
     * Moves the ticket from the handshake's headers to the socket's user properties, and in container mode the
     * principal and whether it holds the moderator role: only the handshake can ask the server about roles.
     */
    public static final class Configurator extends ServerEndpointConfig.Configurator {
        /** Looked up on the first handshake: the container, not CDI, makes configurators, one per endpoint. */
        private volatile AuthConfiguration auth;

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            config.getUserProperties().remove(IDENTITY_PROPERTY);
            AuthConfiguration auth = this.auth;
            if (auth == null) {
                auth = CDI.current().select(AuthConfiguration.class).get();
                this.auth = auth;
            }
            if (auth.container() && request.getUserPrincipal() != null) {
                config.getUserProperties().put(IDENTITY_PROPERTY,
                        new ContainerIdentity(request.getUserPrincipal().getName(), request.isUserInRole(auth.moderatorRole())));
            }
            List<String> values = request.getHeaders().entrySet().stream()
                    .filter(header -> header.getKey().equalsIgnoreCase(TICKET_HEADER))
                    .flatMap(header -> header.getValue().stream())
                    .toList();
            String value = values.size() == 1 ? values.get(0) : "";
            config.getUserProperties().remove(TICKET_PROPERTY);
            if (value.startsWith(SEAL + " ")) {
                config.getUserProperties().put(TICKET_PROPERTY, value.substring(SEAL.length() + 1));
            }
        }
    }

    private static String scheme(HttpServletRequest request, boolean viaProxy) {
        String forwarded = viaProxy ? forwardedParameter(request, "proto", "X-Forwarded-Proto") : null;
        return forwarded != null ? forwarded : request.getScheme();
    }

    private static String host(HttpServletRequest request, boolean viaProxy) {
        String forwarded = viaProxy ? forwardedParameter(request, "host", "X-Forwarded-Host") : null;
        if (forwarded != null) {
            String port = request.getHeader("X-Forwarded-Port");
            return port != null && forwarded.indexOf(':', forwarded.lastIndexOf(']') + 1) < 0 ? forwarded + ":" + port.strip() : forwarded;
        }
        String host = request.getHeader("Host");
        return host != null ? host : request.getServerName() + ":" + request.getServerPort();
    }

    /** A parameter of the first element of a Forwarded header, else the first value of the X-Forwarded-* header. */
    private static String forwardedParameter(HttpServletRequest request, String name, String legacyHeader) {
        String forwarded = request.getHeader("Forwarded");
        if (forwarded != null) {
            List<String> values = ForwardedHeader.values(forwarded, name);
            if (!values.isEmpty()) {
                return values.get(0);
            }
        }
        String legacy = request.getHeader(legacyHeader);
        return legacy == null ? null : legacy.split(",")[0].strip();
    }

    /** Every line of a header, in order: a client's own line must not hide the one a proxy added after it. */
    private static List<String> lines(HttpServletRequest request, String name) {
        Enumeration<String> lines = request.getHeaders(name);
        return lines == null ? List.of() : Collections.list(lines);
    }

    private static void refuse(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setHeader("Connection", "close");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(reason + "\n");
    }


    private static String seal() {
        byte[] bits = new byte[16];
        new SecureRandom().nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** The request with this filter's ticket header in place of any the client sent. */
    private static final class TicketRequest extends HttpServletRequestWrapper {
        private final String ticket;

        TicketRequest(HttpServletRequest request, String ticket) {
            super(request);
            this.ticket = ticket;
        }

        @Override
        public String getHeader(String name) {
            return TICKET_HEADER.equalsIgnoreCase(name) ? ticket : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return TICKET_HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(ticket)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (Enumeration<String> all = super.getHeaderNames(); all.hasMoreElements();) {
                String name = all.nextElement();
                if (!TICKET_HEADER.equalsIgnoreCase(name)) {
                    names.add(name);
                }
            }
            names.add(TICKET_HEADER);
            return Collections.enumeration(names);
        }
    }
}
