package org.callroom.testing;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR exactly as the build packaged it, and where the test reaches it. */
public final class Deployments {

    private Deployments() {
    }

    /** target/callroom.war: integration tests run against the real artifact, not a hand-picked subset. */
    public static WebArchive callroomWar() {
        String path = System.getProperty("callroom.war", "target/callroom.war");
        File war = new File(path);
        if (!war.isFile()) {
            throw new IllegalStateException("No WAR at " + war.getAbsolutePath() + ": run the integration tests with ./mvnw verify");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /**
     * Every HTML page the WAR ships, as paths under its context root, read from the WAR itself so that no new page can
     * be left out of a test; a directory's {@code index.html} comes with the directory's own path (the welcome file).
     */
    public static List<String> pages() {
        return callroomWar().getContent().keySet().stream()
                .map(path -> path.get().substring(1))
                .filter(path -> path.endsWith(".html") && !path.startsWith("WEB-INF/") && !path.startsWith("META-INF/"))
                .flatMap(path -> path.equals("index.html") || path.endsWith("/index.html")
                        ? Stream.of(path, path.substring(0, path.length() - "index.html".length()))
                        : Stream.of(path))
                .sorted()
                .toList();
    }

    /**
     * The WAR under another name (so another context root), with these settings in its
     * {@code META-INF/microprofile-config.properties}: a deployment configured as an operator would.
     */
    public static WebArchive callroomWar(String name, Map<String, String> settings) {
        StringBuilder properties = new StringBuilder();
        new TreeMap<>(settings).forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
        return ShrinkWrap.create(WebArchive.class, name).merge(callroomWar())
                .addAsResource(new StringAsset(properties.toString()), "META-INF/microprofile-config.properties");
    }

    /**
     * The deployment's base URL on loopback: Payara Micro reports its host name, but the test
     * configuration binds the listener to 127.0.0.1 only.
     */
    public static URI loopback(URL deployed) {
        try {
            String path = deployed.getPath().endsWith("/") ? deployed.getPath() : deployed.getPath() + "/";
            return new URI("http", null, "127.0.0.1", deployed.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(deployed.toString(), e);
        }
    }

    public static URI signaling(URL deployed, String room) {
        URI base = loopback(deployed);
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + base.getPath() + "signal/" + room);
    }
}
