package org.callroom.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.callroom.testing.Deployments;
import org.callroom.testing.RawWebSocket;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A deployment that lets one portal embed the call page: every page and file says so in its Content-Security-Policy,
 * the portal's frames may open sockets, and no other site may do either.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class CallPageHeadersIT {

    private static final String PORTAL = "http://portal.example:8000";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar("callroom-embed.war", Map.of("callroom.embed.origins", PORTAL));
    }

    @ArquillianResource
    URL deployed;

    @Test
    void everyPageAndFileNamesTheSitesThatMayFrameIt() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String path : List.of("", "index.html", "js/call.js", "css/call.css", "no-such-file")) {
            URI uri = Deployments.loopback(deployed).resolve(path);
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(List.of("frame-ancestors 'self' " + PORTAL), response.headers().allValues("Content-Security-Policy"),
                    uri + " (" + response.statusCode() + ")");
        }
    }

    @Test
    void thePortalsFramesMayOpenSocketsAndOtherSitesMayNot() throws Exception {
        URI signaling = Deployments.signaling(deployed, "embedded");
        try (RawWebSocket portal = RawWebSocket.open(signaling, Map.of("Origin", PORTAL))) {
            assertTrue(portal.upgraded(), portal.statusLine());
        }
        try (RawWebSocket other = RawWebSocket.open(signaling, Map.of("Origin", "http://portal.example:8001"))) {
            assertEquals("403", other.statusLine().split(" ")[1], other.statusLine());
        }
    }
}
