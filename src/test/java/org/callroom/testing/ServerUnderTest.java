package org.callroom.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The application server one Failsafe execution tests on (system property {@code callroom.server}), readied before
 * its tests and stopped after them. Arquillian reads the ports chosen here from arquillian.xml.
 *
 * <ul>
 *   <li>{@code payara-micro} (or unset): nothing to do, the managed adapter starts Payara Micro;</li>
 *   <li>{@code payara-server}: creates and starts a domain, which the remote adapter deploys to, and stops it after;</li>
 *   <li>{@code wildfly}: picks the ports and a clean server directory for the managed adapter, which starts WildFly.</li>
 * </ul>
 */
public final class ServerUnderTest implements LauncherSessionListener {

    /** The heartbeat the tests rely on, as arquillian.xml gives Payara Micro and WildFly. */
    static final String HEARTBEAT = "callroom.signaling.heartbeat-seconds=2";

    /** The Payara Server domain of this execution, for a test that restarts it; null on the other servers. */
    private static volatile PayaraDomain domain;

    /** The running Payara Server domain of the {@code payara-server} execution. */
    public static PayaraDomain payaraDomain() {
        if (domain == null) {
            throw new IllegalStateException("no Payara Server domain: this is not the payara-server execution");
        }
        return domain;
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            switch (System.getProperty("callroom.server", "payara-micro")) {
                case "payara-server" -> startPayaraServer();
                case "wildfly" -> readyWildFly();
                default -> {
                    // Payara Micro's adapter chooses its own port and starts and stops the server; its post-boot
                    // commands (arquillian.xml) add the realm's users. Unit tests (Surefire) have no server and no realm.
                    String realm = System.getProperty("callroom.testRealm");
                    if (realm != null) {
                        TestRealm.payaraCommands(Path.of(realm));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (domain != null) {
            domain.close();
            domain = null;
        }
    }

    private void startPayaraServer() throws IOException, InterruptedException {
        if (domain != null) {
            return;
        }
        domain = PayaraDomain.start(Path.of(required("callroom.payaraServer.home")), Path.of(required("callroom.payaraServer.domains")),
                Path.of(required("callroom.payaraConfig"), "payara-server-pre-boot-commands.asadmin"),
                List.of("create-system-properties " + HEARTBEAT));
        domain.asadmin(TestRealm.payaraCommands(Path.of(required("callroom.testRealm"))));
        System.setProperty("callroom.payaraServer.adminPort", "" + domain.adminPort);
        System.setProperty("callroom.payaraServer.httpPort", "" + domain.httpPort);
        System.out.println("Payara Server domain " + PayaraDomain.NAME + ": admin port " + domain.adminPort + ", HTTP port "
                + domain.httpPort + ", log " + domain.serverLog);
    }

    private static void readyWildFly() throws IOException, InterruptedException {
        int[] port = FreePorts.take(5);
        System.setProperty("callroom.wildfly.httpPort", "" + port[0]);
        System.setProperty("callroom.wildfly.httpsPort", "" + port[1]);
        System.setProperty("callroom.wildfly.managementPort", "" + port[2]);
        System.setProperty("callroom.wildfly.managementHttpsPort", "" + port[3]);
        System.setProperty("callroom.wildfly.ajpPort", "" + port[4]);
        // The adapter copies standalone/configuration into this empty directory and runs the server there, so every
        // run starts from the distribution's own configuration and leaves its log in target/.
        Path base = WorkDirectory.clear(Path.of(required("callroom.wildfly.baseDir")));
        TestRealm.addToWildFly(Path.of(required("callroom.wildfly.home")));
        // The deployment scanner of standalone.xml logs an error at every scan if its folder is missing.
        Files.createDirectories(base.resolve("deployments"));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set: run the tests with ./mvnw verify");
        }
        return value;
    }
}
