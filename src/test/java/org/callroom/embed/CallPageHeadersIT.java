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
import java.util.stream.Stream;
import org.callroom.testing.Deployments;
import org.callroom.testing.RawWebSocket;
import org.callroom.testing.TestRealm;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A deployment that lets one portal embed the call page: every page and file says so in its Content-Security-Policy,
 * which also lets pages run only the WAR's own scripts; the portal's frames may open sockets, and no other site may do
 * either. The operator's page may be framed by nobody, the portal included.
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

    /** What every page and file of the WAR may load: its own files only, and no inline script. */
    private static final String OWN_FILES_ONLY = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'";

    private static boolean operatorPage(String path) {
        return path.startsWith("admin/");
    }

    private HttpResponse<Void> get(String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(Deployments.loopback(deployed).resolve(path)).GET();
        if (operatorPage(path)) {
            request.header("Authorization", TestRealm.OPERATOR.basic());
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    private static void assertHeader(HttpResponse<Void> response, String name, String expected) {
        assertEquals(List.of(expected), response.headers().allValues(name), name + " of " + response.uri() + " (" + response.statusCode() + ")");
    }

    @Test
    void everyPageAndFileRunsOnlyTheWarsOwnScriptsAndNamesTheSitesThatMayFrameIt() throws Exception {
        List<String> pages = Deployments.pages();
        assertTrue(pages.containsAll(List.of("", "index.html", "admin/", "admin/index.html", "examples/portal.html")), pages.toString());
        List<String> files = List.of("js/call.js", "css/call.css", "embed.js", "examples/portal.js", "favicon.svg", "no-such-file");
        for (String path : Stream.concat(pages.stream(), files.stream()).filter(path -> !operatorPage(path)).toList()) {
            HttpResponse<Void> response = get(path);
            assertEquals(path.equals("no-such-file") ? 404 : 200, response.statusCode(), response.uri().toString());
            assertHeader(response, "Content-Security-Policy", OWN_FILES_ONLY + "; frame-ancestors 'self' " + PORTAL);
            assertHeader(response, "X-Content-Type-Options", "nosniff");
            assertHeader(response, "Referrer-Policy", "no-referrer");
        }
    }

    @Test
    void nobodyMayFrameTheOperatorsPageNotEvenThePortal() throws Exception {
        List<String> operatorPages = Stream.concat(Deployments.pages().stream().filter(CallPageHeadersIT::operatorPage),
                Stream.of("admin/admin.js", "admin/admin.css")).toList();
        for (String path : operatorPages) {
            HttpResponse<Void> response = get(path);
            assertEquals(200, response.statusCode(), response.uri().toString());
            assertHeader(response, "Content-Security-Policy", OWN_FILES_ONLY + "; frame-ancestors 'none'");
            assertHeader(response, "X-Frame-Options", "DENY");
            assertHeader(response, "X-Content-Type-Options", "nosniff");
            assertHeader(response, "Referrer-Policy", "no-referrer");
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
