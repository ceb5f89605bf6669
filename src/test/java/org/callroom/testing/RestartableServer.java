package org.callroom.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * The WAR served by this Failsafe execution's server (system property {@code callroom.server}), which a test may stop
 * and start again each server's own way: Payara Micro killed and launched again as the run command launches it,
 * Payara Server's domain with {@code asadmin stop-domain} and {@code start-domain}, WildFly with the management
 * operation {@code :shutdown} and {@code standalone.sh}. Apart from loopback, free ports and {@code settings} in the
 * WAR, every server runs at its defaults.
 */
public interface RestartableServer extends AutoCloseable {

    /** Where the call page is served. */
    URI base();

    /** Takes the server away: nothing answers on its port until {@link #start()}. */
    void stop() throws Exception;

    /** Starts it again and waits until it serves the call page. */
    void start() throws Exception;

    /** The server's own log, for a failure's message. */
    Path log();

    @Override
    void close() throws Exception;

    /** The server of this execution, serving target/callroom.war with {@code settings}, the name {@code name}. */
    static RestartableServer start(String name, Map<String, String> settings) throws Exception {
        Path project = Path.of(System.getProperty("callroom.projectDir", "."));
        Path target = Files.createDirectories(project.resolve("target"));
        Path root = WorkDirectory.clear(target.resolve(name));
        Path war = root.resolve(name + ".war");
        Deployments.callroomWar(name + ".war", settings).as(ZipExporter.class).exportTo(war.toFile(), true);
        return switch (System.getProperty("callroom.server", "payara-micro")) {
            case "payara-server" -> PayaraServerDomain.deploy(ServerUnderTest.payaraDomain(), war, name);
            case "wildfly" -> WildFly.start(Path.of(System.getProperty("callroom.wildfly.home")), root, war);
            default -> PayaraMicro.start(project, root, war);
        };
    }

    /** Payara Micro as the run command starts it (pom.xml, profile run), its resume key file in the test's directory. */
    final class PayaraMicro implements RestartableServer {

        private LaunchedServer server;

        private PayaraMicro(LaunchedServer server) {
            this.server = server;
        }

        static PayaraMicro start(Path project, Path root, Path war) throws Exception {
            int port = FreePorts.take(1)[0];
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dcallroom.address=127.0.0.1", "-Dcallroom.resume.key-file=" + root.resolve("resume.key"),
                    "-jar", System.getProperty("payara.microJar", "target/payara-micro.jar"),
                    "--nocluster", "--port", String.valueOf(port),
                    "--prebootcommandfile", Path.of(System.getProperty("callroom.payaraConfig", "payara-config"), "pre-boot-commands.asadmin").toString(),
                    "--deploy", war.toString(), "--contextroot", "/");
            return new PayaraMicro(LaunchedServer.start(command, project, root.resolve("server.log"), URI.create("http://127.0.0.1:" + port + "/")));
        }

        @Override
        public URI base() {
            return server.base;
        }

        /** As a crash: SIGKILL, nothing shuts down cleanly. */
        @Override
        public void stop() throws InterruptedException {
            server.kill();
        }

        @Override
        public void start() throws Exception {
            server = server.restart();
        }

        @Override
        public Path log() {
            return server.log;
        }

        @Override
        public void close() throws InterruptedException {
            server.close();
        }
    }

    /** The execution's Payara Server domain (ServerUnderTest), with the WAR deployed to it while the test runs. */
    record PayaraServerDomain(PayaraDomain domain, Path war, String name) implements RestartableServer {

        static PayaraServerDomain deploy(PayaraDomain domain, Path war, String name) throws IOException, InterruptedException {
            domain.deploy(war, name, "/" + name);
            return new PayaraServerDomain(domain, war, name);
        }

        @Override
        public URI base() {
            return URI.create("http://127.0.0.1:" + domain.httpPort + "/" + name + "/");
        }

        @Override
        public void stop() throws Exception {
            domain.stop();
        }

        /** The domain keeps its deployments; the start returns once they are up, so wait only for the page. */
        @Override
        public void start() throws Exception {
            domain.startAgain();
            LaunchedServer.awaitPage(base(), () -> true, () -> "see " + log());
        }

        @Override
        public Path log() {
            return domain.serverLog;
        }

        @Override
        public void close() throws Exception {
            domain.undeploy(name);
        }
    }

    /**
     * WildFly from its distribution, run by standalone.sh with standalone-microprofile.xml (as docs/DEPLOYING.md says)
     * from a copy of its configuration, every port moved by one offset to free ones, the WAR in its deployments folder.
     */
    final class WildFly implements RestartableServer {

        /** Every socket binding of standalone-microprofile.xml, before the offset. */
        private static final int[] PORTS = {8009, 8080, 8443, 9990, 9993, 4712, 4713};

        private final Path home;
        private final int managementPort;
        private LaunchedServer server;

        private WildFly(Path home, int managementPort, LaunchedServer server) {
            this.home = home;
            this.managementPort = managementPort;
            this.server = server;
        }

        static WildFly start(Path home, Path root, Path war) throws Exception {
            Path base = Files.createDirectories(root.resolve("wildfly"));
            Path configuration = Files.createDirectories(base.resolve("configuration"));
            try (Stream<Path> files = Files.list(home.resolve("standalone/configuration"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, configuration.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.copy(war, Files.createDirectories(base.resolve("deployments")).resolve(war.getFileName()));
            int offset = freeOffset();
            List<String> command = List.of(home.resolve("bin/standalone.sh").toString(), "-c", "standalone-microprofile.xml",
                    "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset,
                    "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1", "-Djava.net.preferIPv4Stack=true");
            String context = war.getFileName().toString().replaceFirst("\\.war$", "");
            URI page = URI.create("http://127.0.0.1:" + (8080 + offset) + "/" + context + "/");
            return new WildFly(home, 9990 + offset, LaunchedServer.start(command, root, root.resolve("server.log"), page));
        }

        /** An offset that puts every port of {@link #PORTS} on a free one. */
        private static int freeOffset() throws IOException {
            for (int attempt = 0; attempt < 100; attempt++) {
                int offset = ThreadLocalRandom.current().nextInt(20000, 50000);
                if (java.util.Arrays.stream(PORTS).allMatch(port -> free(port + offset))) {
                    return offset;
                }
            }
            throw new IOException("no free port offset for WildFly");
        }

        private static boolean free(int port) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return true;
            } catch (IOException taken) {
                return false;
            }
        }

        @Override
        public URI base() {
            return server.base;
        }

        /** The management operation {@code :shutdown}, through jboss-cli (local authentication, as the same user). */
        @Override
        public void stop() throws Exception {
            server.stop(List.of(home.resolve("bin/jboss-cli.sh").toString(), "--connect",
                    "--controller=remote+http://127.0.0.1:" + managementPort, "--command=:shutdown"));
        }

        @Override
        public void start() throws Exception {
            server = server.restart();
        }

        @Override
        public Path log() {
            return server.log;
        }

        @Override
        public void close() throws InterruptedException {
            server.close();
        }
    }
}
