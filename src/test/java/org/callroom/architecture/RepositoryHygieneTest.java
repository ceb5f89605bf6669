package org.callroom.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** No build output or third-party archive is under version control, and .gitignore keeps new ones out. */
class RepositoryHygieneTest {

    private static final Pattern ARCHIVE = Pattern.compile("(^|/)(target|node_modules)/|\\.(jar|war|ear|zip|tar\\.gz|tgz|class)$");

    @Test
    void noArchiveOrBuildOutputIsTracked() throws IOException, InterruptedException {
        List<String> tracked = git("ls-files");
        assertEquals(List.of(), tracked.stream().filter(path -> ARCHIVE.matcher(path).find()).toList());
    }

    @Test
    void gitIgnoresArchivesAndBuildOutput() throws IOException, InterruptedException {
        List<String> samples = List.of("some-library-1.0-sources.jar", "bench/lib/x.jar", "callroom.war", "dist.zip", "dist.tar.gz",
                "target/callroom.war", "bench/target/classes/A.class", "node_modules/typescript/package.json");
        List<String> args = new ArrayList<>(List.of("check-ignore", "--no-index"));
        args.addAll(samples);
        assertEquals(samples, git(args.toArray(String[]::new)));
    }

    /** The lines git prints, run in the project directory. */
    private static List<String> git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(Arrays.asList(args));
        Process git = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!git.waitFor(30, TimeUnit.SECONDS)) {
            git.destroyForcibly();
            throw new IOException("git " + String.join(" ", args) + " did not finish");
        }
        return out.isEmpty() ? List.of() : out.lines().toList();
    }
}
