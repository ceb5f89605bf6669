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
    private static final Pattern LIVE_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");

    final long pid;
    final boolean jvm;

    ServerProcess(long pid, boolean jvm) {
        this.pid = pid;
        this.jvm = jvm;
    }

    /** User and system CPU time a process has used, in nanoseconds. */
    record Cpu(long userNanos, long systemNanos) {
        long totalNanos() {
            return userNanos + systemNanos;
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(userNanos - earlier.userNanos, systemNanos - earlier.systemNanos);
        }
    }

    /** User plus system CPU time the process has used, in nanoseconds. */
    long cpuNanos() {
        return cpu().totalNanos();
    }

    Cpu cpu() {
        return cpuOf("/proc/" + pid + "/stat");
    }

    /** This generator's own CPU time, to show how much of the machine it takes from the server. */
    static Cpu generatorCpu() {
        return cpuOf("/proc/self/stat");
    }

    private static Cpu cpuOf(String file) {
        try {
            String stat = Files.readString(Path.of(file));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new Cpu(ticksToNanos(Long.parseLong(fields[11])), ticksToNanos(Long.parseLong(fields[12])));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /**
     * CPU time the whole machine spent busy (everything but idle and I/O wait), in nanoseconds summed over
     * its cores: with the server's and the generator's own time taken off, what remains is interference
     * from everything else, e.g. a kernel thread such as a VM's memory reclaim.
     */
    static long machineBusyNanos() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(fields[i]);
                }
            }
            return ticksToNanos(busy);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }

    private static long ticksToNanos(long ticks) {
        return TimeUnit.SECONDS.toNanos(ticks) / TICKS_PER_SECOND;
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

    /**
     * Bytes of live objects, counted by a class histogram after a full GC, or -1 for a server that is not a JVM.
     * G1's "used" after {@code GC.run} once came out no higher with 5,000 more sessions held; the histogram counts objects.
     */
    long liveHeapBytes() {
        if (!jvm) {
            return -1;
        }
        Matcher total = LIVE_TOTAL.matcher(jcmd("GC.class_histogram"));
        return total.find() ? Long.parseLong(total.group(1)) : -1;
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
