package org.callroom.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Prints the flood benchmark's table (docs/BENCHMARKS.md, "Flood") from the result files of {@code --flood} runs, one
 * row per server and scenario: medians over the rounds, with the calm p99 of every round to show the spread.
 */
public final class FloodReport {

    private static final List<String> SCENARIOS = List.of("calm", "flood");

    private FloodReport() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("| server | scenario | calm msg/s | calm p50 / p99 / max (ms) | calm p99 per round (ms) | calm lost / errors"
                + " | flooder sent / relayed / rate-limited (per s) | flooder closed | server CPU (% of a core) | server µs per relayed msg"
                + " | other CPU (%) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (String file : args) {
            Properties results = load(Path.of(file));
            for (String scenario : SCENARIOS) {
                List<String> rounds = rounds(results, scenario);
                if (rounds.isEmpty()) {
                    continue;
                }
                Column column = name -> rounds.stream().mapToDouble(round -> Double.parseDouble(results.getProperty(round + "_" + name))).toArray();
                long closes = Math.round(Arrays.stream(column.of("flood_closes")).sum());
                String codes = rounds.stream().map(round -> results.getProperty(round + "_flood_close_codes"))
                        .filter(codesOfRound -> !codesOfRound.equals("-")).distinct().collect(Collectors.joining("+"));
                System.out.printf("| %s | %s | %.0f | %.2f / %.2f / %.1f | %s | %.0f / %.0f | %s | %s | %s | %s | %.0f |%n",
                        results.getProperty("server"), scenario.equals("calm") ? "calm only" : "calm + flood",
                        median(column.of("calm_msgs_per_s")),
                        median(column.of("calm_relay_ms_p50")), median(column.of("calm_relay_ms_p99")), median(column.of("calm_relay_ms_max")),
                        Arrays.stream(column.of("calm_relay_ms_p99")).mapToObj(p99 -> String.format("%.2f", p99)).collect(Collectors.joining(", ")),
                        Arrays.stream(column.of("calm_lost")).sum(), Arrays.stream(column.of("calm_errors")).sum(),
                        scenario.equals("calm") ? "—" : String.format("%,.0f / %,.0f / %,.0f", median(column.of("flood_sent_per_s")),
                                median(column.of("flood_relayed_per_s")), median(column.of("flood_rate_limited_per_s"))),
                        scenario.equals("calm") ? "—" : closes == 0 ? "never" : String.format("%d × %s, after %.1f s of drops (%.1f s open)",
                                closes, codes, median(withCloses(column.of("flood_dropped_s"), column.of("flood_closes"))),
                                median(withCloses(column.of("flood_open_s"), column.of("flood_closes")))),
                        spread(column.of("server_cpu_pct"), "%.0f"), spread(column.of("server_cpu_us_per_relayed"), "%.1f"),
                        median(column.of("other_cpu_pct")));
            }
        }
    }

    /** One figure of every round of a scenario. */
    private interface Column {
        double[] of(String name);
    }

    /** The rounds' key prefixes present in a result file, e.g. flood_1, flood_2. */
    private static List<String> rounds(Properties results, String scenario) {
        List<String> rounds = new ArrayList<>();
        for (int round = 1; results.containsKey(scenario + "_" + round + "_calm_msgs_per_s"); round++) {
            rounds.add(scenario + "_" + round);
        }
        return rounds;
    }

    /** The rounds' values of a figure about closes, from the rounds that had any. */
    private static double[] withCloses(double[] values, double[] closes) {
        return IntStream.range(0, values.length).filter(i -> closes[i] > 0).mapToDouble(i -> values[i]).toArray();
    }

    /** The median, with the lowest and highest round after it. */
    private static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(format + " (" + format + "–" + format + ")", median(values), sorted[0], sorted[sorted.length - 1]);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
