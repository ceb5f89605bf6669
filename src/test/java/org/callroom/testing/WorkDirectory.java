package org.callroom.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A directory under target/ that a server run starts from empty, so nothing of an earlier run carries over. */
public final class WorkDirectory {

    private WorkDirectory() {
    }

    /** Deletes {@code directory} with everything in it and creates it again, empty. */
    public static Path clear(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(directory);
    }
}
