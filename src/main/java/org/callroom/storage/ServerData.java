package org.callroom.storage;

import java.nio.file.Path;
import java.util.Map;

/** Where each server keeps Callroom's files across restarts (the resume key, the ban list). */
public final class ServerData {

    private ServerData() {
    }

    /**
     * The file {@code name} in WildFly's data directory, Payara Server's domain, else the user's home (from
     * {@code system}, the system properties). A data directory under the temporary directory does not count: it is
     * Payara Micro's instance root when started without {@code --rootdir}, a new one each start.
     */
    public static Path file(Map<String, String> system, String name) {
        String wildfly = system.get("jboss.server.data.dir");
        if (wildfly != null && !temporary(wildfly, system)) {
            return Path.of(wildfly, "callroom", name);
        }
        String payara = system.get("com.sun.aas.instanceRoot");
        if (payara != null && !temporary(payara, system)) {
            return Path.of(payara, "config", "callroom-" + name);
        }
        return Path.of(system.getOrDefault("user.home", "."), ".callroom", name);
    }

    private static boolean temporary(String directory, Map<String, String> system) {
        String tmp = system.get("java.io.tmpdir");
        return tmp != null && Path.of(directory).toAbsolutePath().normalize().startsWith(Path.of(tmp).toAbsolutePath().normalize());
    }
}
