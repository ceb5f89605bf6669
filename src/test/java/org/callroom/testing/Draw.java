package org.callroom.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The random choices of one generated case, all from one seeded {@link SplittableRandom}, so a seed replays the case exactly. */
public final class Draw {

    private final SplittableRandom random;

    Draw(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A choice among others, drawn in proportion to its weight. */
    public record Option<T>(int weight, Supplier<? extends T> value) {
    }

    public static <T> Option<T> option(int weight, Supplier<? extends T> value) {
        return new Option<>(weight, value);
    }

    /** Between min and max, both included. */
    public int between(int min, int max) {
        return random.nextInt(min, max + 1);
    }

    /** Between min and max, both included, and one of the two a fifth of the time, as bounds find most bugs. */
    public int betweenOrBound(int min, int max) {
        double edge = random.nextDouble();
        return edge < 0.1 ? min : edge < 0.2 ? max : between(min, max);
    }

    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    /** A length up to max: half the time a short one, as short inputs find most bugs and read best. */
    public int size(int max) {
        return chance(0.5) ? between(0, Math.min(max, 8)) : between(0, max);
    }

    @SafeVarargs
    public final <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    /** One of the suppliers, each as likely as the others, called. */
    @SafeVarargs
    public final <T> T oneOf(Supplier<? extends T>... values) {
        return pick(values).get();
    }

    @SafeVarargs
    public final <T> T weighted(Option<? extends T>... options) {
        int total = 0;
        for (Option<? extends T> option : options) {
            total += option.weight();
        }
        int at = random.nextInt(total);
        for (Option<? extends T> option : options) {
            at -= option.weight();
            if (at < 0) {
                return option.value().get();
            }
        }
        throw new IllegalStateException("no option drawn");
    }

    /** The value, or null with the given probability. */
    public <T> T orNull(double probability, Supplier<? extends T> value) {
        return chance(probability) ? null : value.get();
    }

    public <T> List<T> list(int min, int max, Supplier<? extends T> element) {
        int size = min + size(max - min);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.get());
        }
        return list;
    }

    /** Up to max characters, each one UTF-16 unit that the supplier draws. */
    public String chars(int max, IntSupplier character) {
        int size = size(max);
        StringBuilder text = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            text.append((char) character.getAsInt());
        }
        return text.toString();
    }

    /** Up to max code points, each one the supplier draws. */
    public String codePoints(int max, IntSupplier codePoint) {
        int size = size(max);
        StringBuilder text = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            text.appendCodePoint(codePoint.getAsInt());
        }
        return text.toString();
    }

    /** Any UTF-16 unit, lone surrogates and control characters included. */
    public char anyChar() {
        return (char) random.nextInt(0x10000);
    }

    /** The list in a random order (Fisher–Yates), the list itself unchanged. */
    public <T> List<T> shuffled(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T swapped = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, swapped);
        }
        return copy;
    }
}
