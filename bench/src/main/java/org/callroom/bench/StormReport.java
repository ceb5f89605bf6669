package org.callroom.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/**
 * Prints the resume storm's comparison (bench/storm) from the result files of {@link ResumeStorm} runs: one column per
 * variant, one row per figure; a row no run has a figure for is left out.
 */
public final class StormReport {

    private StormReport() {
    }

    private record Row(String label, Function<Properties, String> value) { }

    private static Row key(String label, String key) {
        return new Row(label, results -> results.getProperty(key, "—"));
    }

    /** Several figures in one cell, "a / b / c", each "—" where missing. */
    private static Row keys(String label, String... keys) {
        return new Row(label, results -> {
            List<String> values = new ArrayList<>();
            for (String key : keys) {
                values.add(results.getProperty(key, "—"));
            }
            return String.join(" / ", values);
        });
    }

    /** A time to every peer back, or to the last one settled when some gave up (marked so). */
    private static Row end(String label, String prefix) {
        return new Row(label, results -> results.containsKey(prefix + "_all_back_ms") ? results.getProperty(prefix + "_all_back_ms")
                : results.containsKey(prefix + "_all_settled_ms") ? results.getProperty(prefix + "_all_settled_ms") + " (some gave up)" : "—");
    }

    private static final List<Row> ROWS = List.of(
            keys("peers / rooms", "peers", "rooms"),
            keys("kill / grace (s) / jitter", "kill", "grace_seconds", "jitter"),
            key("restart → port accepting (ms)", "start_to_port_ms"),
            key("restart → GET / 200 (ms)", "start_to_http_ms"),
            key("restart → a probe join welcomed (ms)", "start_to_probe_welcome_ms"),
            keys("restart → Payara Micro \"ready\" (ms, its log) / application loads", "start_to_payara_ready_ms", "application_loads"),
            keys("warm-up: joins / failed / ms / server CPU ms", "warmup_done", "warmup_failed", "warmup_ms", "warmup_cpu_ms"),
            key("peers let in at", "gate"),
            end("let in → all back (ms)", "gate_to"),
            end("restart → all back (ms)", "start_to"),
            end("kill → all back (ms)", "kill_to"),
            key("restart → first resume (ms)", "start_to_first_resumed_ms"),
            key("server CPU, boot to port (ms)", "boot_cpu_ms"),
            key("server CPU, boot to GET / 200 (ms)", "start_to_http_cpu_ms"),
            key("server CPU, let in → all back (ms)", "storm_cpu_ms"),
            key("server CPU per peer back (µs)", "storm_cpu_us_per_back_peer"),
            key("server CPU, restart → all back (ms)", "start_to_end_cpu_ms"),
            keys("first resume → last back: ms / server CPU ms / µs per peer", "first_resumed_to_end_ms", "first_resumed_to_end_cpu_ms",
                    "first_resumed_to_end_cpu_us_per_peer"),
            keys("resume join→welcome p50 / p90 / p99 / max (ms)", "resume_join_ms_p50", "resume_join_ms_p90", "resume_join_ms_p99", "resume_join_ms_max"),
            keys("fresh join→welcome after resume-refused p50 / p99 / max (ms)", "fresh_join_ms_p50", "fresh_join_ms_p99", "fresh_join_ms_max"),
            keys("handshake p50 / p99 / max (ms)", "handshake_ms_p50", "handshake_ms_p99", "handshake_ms_max"),
            keys("drop → back p50 / p90 / max (ms)", "drop_to_back_ms_p50", "drop_to_back_ms_p90", "drop_to_back_ms_max"),
            keys("resumed same id / other id / all resumed", "resumed_same_id", "resumed_other_id", "all_resumed"),
            keys("resume-refused / fresh joins / gave up / ended", "resume_refused", "fresh_joins", "gave_up", "ended_by_close"),
            keys("attempts / held back / failed", "attempts", "attempts_gated", "attempts_failed"),
            key("failed attempts by cause", "attempt_failures"),
            key("error messages", "errors"),
            keys("welcome lists partner / peer-joined partner (old id) / other", "welcome_lists_partner", "peer_joined_partner_old_id", "peer_joined_other"),
            keys("peer-left / rooms re-formed", "peer_left", "rooms_reformed"),
            keys("generator CPU (ms) / other CPU (% of all cores), let in → all back", "generator_storm_cpu_ms", "other_cpu_pct"),
            key("SEVERE lines in the restarted server's log", "server_log_severe"),
            key("error", "error"));

    public static void main(String[] args) throws IOException {
        List<Properties> runs = new ArrayList<>();
        for (String file : args) {
            runs.add(load(Path.of(file)));
        }
        StringBuilder header = new StringBuilder("| |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Properties run : runs) {
            header.append(' ').append(run.getProperty("variant", "?")).append(" |");
            rule.append("---|");
        }
        System.out.println(header);
        System.out.println(rule);
        for (Row row : ROWS) {
            List<String> cells = runs.stream().map(row.value()).toList();
            if (cells.stream().allMatch(cell -> cell.replace("—", "").replace(" / ", "").isEmpty())) {
                continue;
            }
            System.out.println("| " + row.label() + " | " + String.join(" | ", cells) + " |");
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
