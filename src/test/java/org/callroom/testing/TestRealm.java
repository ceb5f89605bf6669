package org.callroom.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The users the tests log in as, put into each server's own realm the way an operator would: Payara's file realm with
 * asadmin's create-file-user, WildFly's ApplicationRealm with add-user.sh.
 */
public final class TestRealm {

    /** One user of the realm, in one group (which is also its role on WildFly). */
    public record User(String name, String password, String group) {

        /** The Authorization header value for HTTP Basic. */
        public String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Holds the admin role. */
    public static final User OPERATOR = new User("operator", "operator-pass-2026", "callroom-admin");
    /** Logged in, but without the admin role. */
    public static final User VISITOR = new User("visitor", "visitor-pass-2026", "staff");

    private static final List<User> USERS = List.of(OPERATOR, VISITOR);

    private TestRealm() {
    }

    /** Writes a password file per user and the asadmin commands that create them into {@code directory}; returns the command file. */
    public static Path payaraCommands(Path directory) throws IOException {
        Files.createDirectories(directory);
        List<String> commands = new ArrayList<>();
        for (User user : USERS) {
            Path passwordFile = directory.resolve(user.name() + ".password");
            Files.writeString(passwordFile, "AS_ADMIN_USERPASSWORD=" + user.password() + "\n", StandardCharsets.UTF_8);
            commands.add("create-file-user --groups " + user.group() + " --passwordfile " + passwordFile.toAbsolutePath() + " " + user.name());
        }
        Path file = directory.resolve("post-boot-commands.asadmin");
        Files.write(file, commands, StandardCharsets.UTF_8);
        return file;
    }

    /** Adds the users to the ApplicationRealm of the WildFly at {@code home}, unless an earlier run already did. */
    public static void addToWildFly(Path home) throws IOException, InterruptedException {
        Path configuration = home.resolve("standalone/configuration");
        String users = Files.readString(configuration.resolve("application-users.properties"), StandardCharsets.UTF_8);
        for (User user : USERS) {
            if (users.contains("\n" + user.name() + "=")) {
                continue;
            }
            Path log = home.resolve("add-user.log");
            Process process = new ProcessBuilder(home.resolve("bin/add-user.sh").toString(), "-a", "-s", "-u", user.name(), "-p",
                    user.password(), "-g", user.group(), "-sc", configuration.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("add-user.sh could not add " + user.name() + "; see " + log);
            }
        }
    }
}
