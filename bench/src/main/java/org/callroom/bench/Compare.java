package org.callroom.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;

/** Prints two generator result files side by side, with the ratio where both are numbers. */
public final class Compare {

    private Compare() {
    }

    public static void main(String[] args) throws IOException {
        Properties a = load(Path.of(args[0]));
        Properties b = load(Path.of(args[1]));
        TreeSet<String> keys = new TreeSet<>(a.stringPropertyNames());
        keys.addAll(b.stringPropertyNames());
        System.out.printf("| %-34s | %14s | %14s | %8s |%n", "metric", a.getProperty("server"), b.getProperty("server"), "ratio");
        System.out.printf("|%s|%s|%s|%s|%n", "-".repeat(36), "-".repeat(16), "-".repeat(16), "-".repeat(10));
        for (String key : keys) {
            String x = a.getProperty(key, "—");
            String y = b.getProperty(key, "—");
            System.out.printf("| %-34s | %14s | %14s | %8s |%n", key, x, y, ratio(x, y));
        }
    }

    private static String ratio(String x, String y) {
        try {
            double denominator = Double.parseDouble(y);
            return denominator == 0 ? "" : String.format("%.2f", Double.parseDouble(x) / denominator);
        } catch (NumberFormatException e) {
            return "";
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
