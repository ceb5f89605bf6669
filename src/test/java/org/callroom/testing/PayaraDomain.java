package org.callroom.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Payara Server domain of the tests' own, created afresh under target/ with every port free and on loopback, and
 * started and stopped with the distribution's asadmin.
 */
public final class PayaraDomain implements AutoCloseable {

    public static final String NAME = "callroom";

    private static final Duration CREATE_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

    public final int adminPort;
    public final int httpPort;
    /** The server's own log, where a failing deployment or test says why. */
    public final Path serverLog;

    private final Path asadmin;
    private final Path domains;
    private final Path asadminLog;
    private Thread stopAtExit;

    private PayaraDomain(Path asadmin, Path domains, int adminPort, int httpPort) {
        this.asadmin = asadmin;
        this.domains = domains;
        this.adminPort = adminPort;
        this.httpPort = httpPort;
        this.serverLog = domains.resolve(NAME).resolve("logs/server.log");
        this.asadminLog = domains.resolve("asadmin.log");
    }

    /**
     * Creates the domain in {@code domains} (replacing one a killed run left behind) and starts it with the pre-boot
     * commands of {@code bootCommands} followed by {@code extraBootCommands}.
     */
    public static PayaraDomain start(Path payaraHome, Path domains, Path bootCommands, List<String> extraBootCommands)
            throws IOException, InterruptedException {
        Path asadmin = payaraHome.resolve("bin/asadmin");
        if (!Files.isExecutable(asadmin)) {
            throw new IllegalStateException("No Payara Server at " + payaraHome + ": run the tests with ./mvnw verify, which unpacks it");
        }
        stopLeftover(asadmin, domains);
        WorkDirectory.clear(domains);

        // admin, http, https, iiop, iiop ssl, iiop mutual auth, jmx, jms, osgi shell, debugger, hazelcast das, hazelcast start
        int[] port = FreePorts.take(12);
        PayaraDomain domain = new PayaraDomain(asadmin, domains, port[0], port[1]);
        domain.asadmin(CREATE_TIMEOUT, "create-domain", "--nopassword=true", "--domaindir", domains.toString(),
                "--adminport", "" + port[0], "--instanceport", "" + port[1],
                "--hazelcastdasport", "" + port[10], "--hazelcaststartport", "" + port[11], "--hazelcastautoincrement=false",
                "--domainproperties", "http.ssl.port=" + port[2] + ":orb.listener.port=" + port[3] + ":orb.ssl.port=" + port[4]
                        + ":orb.mutualauth.port=" + port[5] + ":domain.jmxPort=" + port[6] + ":jms.port=" + port[7]
                        + ":osgi.shell.telnet.port=" + port[8] + ":java.debugger.port=" + port[9],
                NAME);
        disableJms(domains.resolve(NAME).resolve("config/domain.xml"));

        List<String> commands = new ArrayList<>(Files.readAllLines(bootCommands, StandardCharsets.UTF_8));
        commands.addAll(extraBootCommands);
        Path preBoot = domains.resolve("pre-boot-commands.asadmin");
        Files.write(preBoot, commands, StandardCharsets.UTF_8);

        // From here on a failure must not leave a half-started server running.
        domain.stopAtExit = new Thread(domain::stopQuietly, "stop Payara domain " + NAME);
        Runtime.getRuntime().addShutdownHook(domain.stopAtExit);
        try {
            domain.asadmin(START_TIMEOUT, "start-domain", "--domaindir", domains.toString(),
                    "--prebootcommandfile", preBoot.toString(), NAME);
            return domain;
        } catch (IOException | RuntimeException | InterruptedException e) {
            domain.close();
            throw e;
        }
    }

    /**
     * Turns the server's JMS service off in a domain that has not started yet. Callroom uses no JMS, and the embedded
     * broker's lazy-start proxy binds 0.0.0.0 whatever the JMS host says. A new domain's server-config has no
     * jms-service yet: the first start adds an embedded one, after the pre-boot commands, so a pre-boot
     * {@code set ...jms-service.type=DISABLED} finds nothing to set. This adds default-config's, disabled.
     */
    private static void disableJms(Path domainXml) throws IOException {
        String xml = Files.readString(domainXml, StandardCharsets.UTF_8);
        Matcher server = Pattern.compile("(?s)<config name=\"server-config\">.*?(</config>)").matcher(xml);
        Matcher template = Pattern.compile("(?s)<config name=\"default-config\".*?(<jms-service\\b.*?</jms-service>)").matcher(xml);
        if (!server.find() || server.group().contains("<jms-service") || !template.find()) {
            throw new IllegalStateException("unexpected jms-service configuration in " + domainXml + "; Payara's template has changed");
        }
        String disabled = template.group(1).replaceFirst("\\btype=\"[A-Z]+\"", "type=\"DISABLED\"");
        Files.writeString(domainXml, xml.substring(0, server.start(1)) + disabled + "\n        " + xml.substring(server.start(1)),
                StandardCharsets.UTF_8);
    }

    /** Deploys {@code war} under {@code name} at {@code contextRoot}; the domain keeps it across restarts. */
    public void deploy(Path war, String name, String contextRoot) throws IOException, InterruptedException {
        asadmin(CREATE_TIMEOUT, "--port", "" + adminPort, "deploy", "--force=true", "--name", name, "--contextroot", contextRoot,
                war.toString());
    }

    public void undeploy(String name) throws IOException, InterruptedException {
        asadmin(CREATE_TIMEOUT, "--port", "" + adminPort, "undeploy", name);
    }

    /** Stops the domain with asadmin stop-domain, as an operator does; {@link #startAgain()} starts it again. */
    public void stop() throws IOException, InterruptedException {
        asadmin(STOP_TIMEOUT, "stop-domain", "--domaindir", domains.toString(), NAME);
    }

    /** Starts the stopped domain again with asadmin start-domain and the pre-boot commands it first started with. */
    public void startAgain() throws IOException, InterruptedException {
        asadmin(START_TIMEOUT, "start-domain", "--domaindir", domains.toString(), "--prebootcommandfile",
                domains.resolve("pre-boot-commands.asadmin").toString(), NAME);
    }

    /** Stops the domain; kills it if asadmin cannot. */
    @Override
    public void close() {
        if (stopAtExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException exiting) {
                // Already in the hook.
            }
            stopAtExit = null;
        }
        stopQuietly();
    }

    private void stopQuietly() {
        try {
            asadmin(STOP_TIMEOUT, "stop-domain", "--domaindir", domains.toString(), NAME);
        } catch (Exception | AssertionError e) {
            // The pid file names the server's JVM; without it there is nothing left to stop.
            killFromPidFile(domains);
        }
    }

    /** A domain whose pid file is still there was not stopped, for example because its test JVM was killed. */
    private static void stopLeftover(Path asadmin, Path domains) throws InterruptedException {
        if (Files.exists(pidFile(domains))) {
            try {
                run(asadmin, domains.resolve("asadmin-leftover.log"), STOP_TIMEOUT, "stop-domain", "--domaindir",
                        domains.toString(), NAME);
            } catch (IOException | AssertionError e) {
                killFromPidFile(domains);
            }
        }
    }

    private static Path pidFile(Path domains) {
        return domains.resolve(NAME).resolve("config/pid");
    }

    private static void killFromPidFile(Path domains) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile(domains)).trim());
            ProcessHandle.of(pid).ifPresent(server -> {
                server.destroyForcibly();
                server.onExit().join();
            });
        } catch (IOException | NumberFormatException noServer) {
            // No pid file, or no JVM behind it.
        }
    }

    /** Runs each line of an asadmin command file against the running domain. */
    public void asadmin(Path commandFile) throws IOException, InterruptedException {
        for (String line : Files.readAllLines(commandFile, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                List<String> words = new ArrayList<>(List.of("--port", "" + adminPort));
                // asadmin takes --passwordfile before the subcommand, where a command file has it after.
                List<String> command = new ArrayList<>(List.of(line.trim().split("\\s+")));
                int option = command.indexOf("--passwordfile");
                if (option >= 0) {
                    words.addAll(command.subList(option, option + 2));
                    command.subList(option, option + 2).clear();
                }
                words.addAll(command);
                asadmin(CREATE_TIMEOUT, words.toArray(String[]::new));
            }
        }
    }

    private void asadmin(Duration timeout, String... arguments) throws IOException, InterruptedException {
        run(asadmin, asadminLog, timeout, arguments);
    }

    /**
     * Runs asadmin with its output appended to {@code log}. The output goes to a file, not a pipe: start-domain leaves
     * a server running that would hold a pipe open.
     */
    private static void run(Path asadmin, Path log, Duration timeout, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(asadmin.toString(), "--interactive=false"));
        command.addAll(List.of(arguments));
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("asadmin " + arguments[0] + " did not finish within " + timeout + "; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("asadmin " + arguments[0] + " failed with " + process.exitValue() + ":\n" + tail(log));
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
