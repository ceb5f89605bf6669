package org.callroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server under test, seen from outside through /proc and, for a JVM, jcmd. */
final class ServerProcess {

    private static final long TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    final long pid;
    final boolean jvm;

    ServerProcess(long pid, boolean jvm) {
        this.pid = pid;
        this.jvm = jvm;
    }

    /** User plus system CPU time the process has used, in nanoseconds. */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return TimeUnit.SECONDS.toNanos(ticks) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
        }
        return -1;
    }

    /** Heap in use right after a full GC, or -1 for a server that is not a JVM. */
    long heapAfterGcBytes() {
        if (!jvm) {
            return -1;
        }
        jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
    }

    private String jcmd(String command) {
        try {
            Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            process.waitFor(60, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("jcmd " + command + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
