package org.callroom.admission;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The sites that may put the call page in a frame, from {@code callroom.embed.origins}: the page's own origin always,
 * plus those configured. A site trusted to frame the page may also open sockets from its own scripts.
 */
public final class EmbedOrigins {

    public static final String SETTING = "callroom.embed.origins";

    private final List<String> origins;
    /** Built once: every response of the WAR carries it. */
    private final String frameAncestors;

    /** Comma-separated origins such as {@code https://portal.example.com}; empty for none but the page's own. */
    public EmbedOrigins(String origins) {
        this.origins = OriginPolicy.parse(origins, SETTING);
        this.frameAncestors = Stream.concat(Stream.of("'self'"), this.origins.stream())
                .collect(Collectors.joining(" ", "frame-ancestors ", ""));
    }

    /** The configured origins, normalized, in the order configured. */
    public List<String> origins() {
        return origins;
    }

    /** The {@code Content-Security-Policy} directive that lets exactly these sites frame the page. */
    public String frameAncestors() {
        return frameAncestors;
    }
}
