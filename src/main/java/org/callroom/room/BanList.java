package org.callroom.room;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What removals banned, per room, each until it expires: a join token's id, a user id, a peer id. Kept in a JSON file
 * (written whole to a draft, then moved over the old one) so that bans outlive a restart; without a file, in memory only.
 */
public final class BanList {

    private static final Logger LOG = Logger.getLogger(BanList.class.getName());

    /** What a ban names. */
    public enum Kind {
        /** A join token, by its {@code jti}. */
        TOKEN("token"),
        /** Whoever a token's {@code sub} or the container's principal names. */
        USER("user"),
        /** A peer id, which a resume token names. */
        PEER("peer");

        private final String fileName;

        Kind(String fileName) {
            this.fileName = fileName;
        }

        static Kind named(String name) {
            for (Kind kind : values()) {
                if (kind.fileName.equals(name)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown kind '" + name + "'");
        }
    }

    /** One banned thing in one room. */
    public record Key(String room, Kind kind, String value) {
    }

    private final Map<Key, Instant> bans = new ConcurrentHashMap<>();
    private final Optional<Path> file;
    private final Clock clock;

    private BanList(Optional<Path> file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** A list that a restart forgets. */
    public static BanList inMemory(Clock clock) {
        return new BanList(Optional.empty(), clock);
    }

    /**
     * The list kept in {@code file}, with the bans it holds that have not expired; a missing file is an empty list.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static BanList load(Path file, Clock clock) {
        BanList list = new BanList(Optional.of(file), clock);
        try {
            list.read().forEach(list::extend);
        } catch (IOException | JsonException | IllegalArgumentException | ClassCastException | DateTimeParseException bad) {
            throw new IllegalArgumentException("cannot read the ban list " + file + " (" + bad.getMessage()
                    + "): fix or delete it, or set callroom.bans.file to another path");
        }
        list.prune();
        return list;
    }

    /** Whether any of these is banned now. */
    public boolean banned(Collection<Key> keys) {
        Instant now = clock.instant();
        return keys.stream().map(bans::get).anyMatch(until -> until != null && now.isBefore(until));
    }

    /** Bans each key until its instant (a longer ban already there stays), and saves the list. */
    public void ban(Map<Key, Instant> entries) {
        entries.forEach(this::extend);
        prune();
        save();
    }

    /** How many bans are held, expired ones included until the next pruning. */
    public int size() {
        return bans.size();
    }

    private void extend(Key key, Instant until) {
        bans.merge(key, until, (held, added) -> held.isAfter(added) ? held : added);
    }

    private void prune() {
        Instant now = clock.instant();
        bans.values().removeIf(until -> !now.isBefore(until));
    }

    /** Whole, never in place: a crash mid-write leaves the old file or the new one. Bans another deployment added to the file are kept. */
    private synchronized void save() {
        if (file.isEmpty()) {
            return;
        }
        Path path = file.get().toAbsolutePath();
        try {
            read().forEach(this::extend);
            prune();
            Files.createDirectories(path.getParent());
            Path draft = Files.createTempFile(path.getParent(), ".callroom-bans-", ".tmp");
            try {
                restrict(draft);
                write(draft);
                try {
                    Files.move(draft, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException notAtomic) {
                    Files.move(draft, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(draft);
            }
        } catch (IOException | JsonException | IllegalArgumentException | ClassCastException | DateTimeParseException failure) {
            // The ban holds in memory; only a restart would forget it.
            LOG.log(Level.SEVERE, "event=ban-list-unsaved file=" + path + " reason=" + failure.getMessage(), failure);
        }
    }

    private Map<Key, Instant> read() throws IOException {
        Map<Key, Instant> found = new ConcurrentHashMap<>();
        JsonObject document;
        try (Reader reader = Files.newBufferedReader(file.orElseThrow(), StandardCharsets.UTF_8);
                JsonReader json = Json.createReader(reader)) {
            document = json.readObject();
        } catch (NoSuchFileException none) {
            return found;
        }
        if (!(document.get("bans") instanceof JsonArray entries)) {
            throw new IllegalArgumentException("it holds no array bans");
        }
        int index = 0;
        for (JsonValue value : entries) {
            try {
                JsonObject entry = value.asJsonObject();
                Key key = new Key(entry.getString("room"), Kind.named(entry.getString("kind")), entry.getString("value"));
                found.merge(key, Instant.parse(entry.getString("until")), (a, b) -> a.isAfter(b) ? a : b);
            } catch (NullPointerException | ClassCastException | IllegalArgumentException | DateTimeParseException bad) {
                throw new IllegalArgumentException("entry " + index + " needs room, kind (token, user or peer), value and until");
            }
            index++;
        }
        return found;
    }

    private void write(Path draft) throws IOException {
        JsonArrayBuilder entries = Json.createArrayBuilder();
        bans.forEach((key, until) -> entries.add(Json.createObjectBuilder().add("room", key.room()).add("kind", key.kind().fileName)
                .add("value", key.value()).add("until", until.toString())));
        try (Writer writer = Files.newBufferedWriter(draft, StandardCharsets.UTF_8)) {
            Json.createWriter(writer).writeObject(Json.createObjectBuilder().add("bans", entries).build());
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file takes its directory's permissions.
        }
    }
}
