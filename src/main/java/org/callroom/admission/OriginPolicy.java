package org.callroom.admission;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which web pages may open a signaling socket: the page's own origin always, plus those configured in
 * {@code callroom.origins}. A browser always sends Origin on a WebSocket handshake, so checking it keeps other sites'
 * pages from joining calls in their visitors' names.
 */
public final class OriginPolicy {

    private final Set<String> allowed;

    /** From {@code callroom.origins}: comma-separated origins such as {@code https://portal.example.com}. */
    public OriginPolicy(String origins) {
        this(origins, new EmbedOrigins(""));
    }

    /** {@code callroom.origins}, and the sites that may embed the call page, which may open sockets too. */
    public OriginPolicy(String origins, EmbedOrigins embedding) {
        Set<String> all = new HashSet<>(parse(origins, "callroom.origins"));
        all.addAll(embedding.origins());
        this.allowed = Set.copyOf(all);
    }

    /**
     * A setting's comma-separated origins, normalized, in order.
     *
     * @throws IllegalArgumentException naming the setting and the value that is not an origin
     */
    static List<String> parse(String origins, String setting) {
        return Arrays.stream(origins.split(","))
                .map(String::strip)
                .filter(origin -> !origin.isEmpty())
                .map(origin -> configured(origin, setting))
                .distinct()
                .toList();
    }

    /**
     * Whether a handshake with this Origin header may open a socket on a server reached as {@code scheme://host}
     * ({@code host} as in the Host header, port included when not the default).
     */
    public boolean allows(String origin, String scheme, String host) {
        String normalized = normalize(origin);
        if (normalized == null) {
            return false;
        }
        return allowed.contains(normalized) || normalized.equals(normalize(scheme + "://" + host));
    }

    private static String configured(String origin, String setting) {
        String normalized = normalize(origin);
        if (normalized == null || !normalized.equals(normalize(origin.toLowerCase(Locale.ROOT)))) {
            throw new IllegalArgumentException(setting + ": '" + origin + "' is not an origin such as https://portal.example.com");
        }
        return normalized;
    }

    /** scheme://host[:port], lower case, without a default port; null for anything that is not an http(s) origin. */
    static String normalize(String origin) {
        if (origin == null) {
            return null;
        }
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null || uri.getRawUserInfo() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException notAnOrigin) {
            return null;
        }
    }
}
