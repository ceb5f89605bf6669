package org.callroom.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A property checked over generated cases: each case is drawn from its own seed, derived from one run seed and the case's
 * index, so any failure names the two system properties that replay it alone ({@value #SEED}, {@value #CASE}), and is
 * shrunk, when the property gives a way to, to a smaller input that still fails.
 */
public final class Cases<T> {

    /** The run seed; a random one when unset. */
    public static final String SEED = "callroom.seed";
    /** The index of the one case to run, with its run's seed. */
    public static final String CASE = "callroom.case";

    /** Spread case seeds apart (the 64-bit golden ratio, as SplittableRandom's own gamma). */
    private static final long GAMMA = 0x9e3779b97f4a7c15L;
    private static final Duration SHRINKING = Duration.ofSeconds(10);
    private static final int SHOWN = 2_000;

    private final String name;
    private final int count;
    private final Function<Draw, T> generator;
    private final Function<T, Stream<T>> smaller;
    private final Function<T, String> show;

    /** What is checked of each case; any exception or assertion error fails it. */
    public interface Property<T> {
        void check(T input) throws Exception;
    }

    private Cases(String name, int count, Function<Draw, T> generator, Function<T, Stream<T>> smaller, Function<T, String> show) {
        this.name = name;
        this.count = count;
        this.generator = generator;
        this.smaller = smaller;
        this.show = show;
    }

    /** Count cases of the generator's, for the property called name (Class#method, as -Dtest takes it). */
    public static <T> Cases<T> of(String name, int count, Function<Draw, T> generator) {
        return new Cases<>(name, count, generator, input -> Stream.empty(), String::valueOf);
    }

    /** Shrinks a failing input through these candidates, each smaller than the input, tried in order. */
    public Cases<T> shrunkBy(Function<T, Stream<T>> candidates) {
        return new Cases<>(name, count, generator, candidates, show);
    }

    public Cases<T> shownAs(Function<T, String> shown) {
        return new Cases<>(name, count, generator, smaller, shown);
    }

    /** Runs every case (or only the one {@value #CASE} names) and returns how many ran; the first failure fails the test. */
    public int check(Property<T> property) {
        Long fixed = Long.getLong(SEED);
        long seed = fixed != null ? fixed : ThreadLocalRandom.current().nextLong();
        Integer only = Integer.getInteger(CASE);
        int from = only != null ? only : 0;
        int to = only != null ? only + 1 : count;
        for (int index = from; index < to; index++) {
            T input = generator.apply(new Draw(seed + index * GAMMA));
            Throwable failure = failure(property, input);
            if (failure != null) {
                throw report(seed, index, input, failure, property);
            }
        }
        return to - from;
    }

    private static <T> Throwable failure(Property<T> property, T input) {
        try {
            property.check(input);
            return null;
        } catch (Exception | AssertionError failed) {
            return failed;
        }
    }

    private AssertionError report(long seed, int index, T input, Throwable failure, Property<T> property) {
        // Greedy: take the first smaller candidate that still fails, and start again from it, until none does or time is up.
        T shrunk = input;
        Throwable shrunkFailure = failure;
        int steps = 0;
        long deadline = System.nanoTime() + SHRINKING.toNanos();
        boolean smallerFound = true;
        while (smallerFound && System.nanoTime() < deadline) {
            smallerFound = false;
            for (T candidate : (Iterable<T>) smaller.apply(shrunk)::iterator) {
                if (System.nanoTime() >= deadline) {
                    break;
                }
                Throwable candidateFailure = failure(property, candidate);
                if (candidateFailure != null) {
                    shrunk = candidate;
                    shrunkFailure = candidateFailure;
                    steps++;
                    smallerFound = true;
                    break;
                }
            }
        }
        StringBuilder text = new StringBuilder();
        text.append(name).append(" failed on case ").append(index).append(" of ").append(count).append(", seed ").append(seed)
                .append("\n  replay it alone: ./mvnw test -Dtest='").append(name).append("' -D").append(SEED).append('=').append(seed)
                .append(" -D").append(CASE).append('=').append(index)
                .append("\n  input: ").append(shown(input));
        if (steps > 0) {
            text.append("\n  shrunk in ").append(steps).append(" steps to: ").append(shown(shrunk));
        }
        text.append("\n  ").append(steps > 0 ? "which fails with: " : "failure: ").append(shrunkFailure);
        AssertionError error = new AssertionError(text.toString(), shrunkFailure);
        if (shrunkFailure != failure) {
            error.addSuppressed(failure);
        }
        return error;
    }

    private String shown(T input) {
        String text = show.apply(input);
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "… (" + text.length() + " characters in all)";
    }

    /** The list without one run of its elements: halves first, then smaller runs down to single elements; built lazily. */
    public static <E> Stream<List<E>> shorter(List<E> list) {
        return runs(list.size()).mapToObj(range -> {
            List<E> candidate = new ArrayList<>(list.subList(0, (int) (range >>> 32)));
            candidate.addAll(list.subList((int) range, list.size()));
            return candidate;
        });
    }

    /** The text without one run of its characters, as {@link #shorter(List)} does. */
    public static Stream<String> shorter(String text) {
        return runs(text.length()).mapToObj(range -> text.substring(0, (int) (range >>> 32)) + text.substring((int) range));
    }

    /** Each run to leave out of a sequence of the given size, as its start (high half) and end (low half). */
    private static LongStream runs(int size) {
        return IntStream.iterate(Math.max(1, size / 2), run -> run >= 1, run -> run == 1 ? 0 : run / 2)
                .filter(run -> run <= size)
                .boxed()
                .flatMapToLong(run -> IntStream.rangeClosed(0, size / run - 1).mapToLong(n -> (long) n * run << 32 | (long) n * run + run));
    }

    /** Text as a Java string literal, so control characters and lone surrogates show. */
    public static String literal(String text) {
        StringBuilder literal = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                literal.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                literal.append(c);
            } else {
                literal.append(String.format("\\u%04x", (int) c));
            }
        }
        return literal.append('"').toString();
    }
}
