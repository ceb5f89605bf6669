package org.callroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The error and close codes are one enum each, and docs/protocol.md and the page name exactly the same sets. */
class CodesMirroredTest {

    private static final Path PROTOCOL = Path.of("docs/protocol.md");
    private static final Path PAGE = Path.of("src/main/webapp/js/signaling.js");

    /** The rows of the Markdown table under a {@code ## heading}: first column to second. */
    private static Map<String, String> table(String heading) throws IOException {
        String text = Files.readString(PROTOCOL);
        int start = text.indexOf("\n## " + heading + "\n");
        int end = text.indexOf("\n## ", start + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        Map<String, String> rows = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `?([\\w-]+)`? \\| ([^|]+) \\|").matcher(section);
        while (row.find()) {
            if (!row.group(1).equals("code")) {
                rows.put(row.group(1), row.group(2).strip());
            }
        }
        return rows;
    }

    /** The {@code NAME: value} pairs of an exported frozen object in the page's signaling module. */
    private static Map<String, String> pageObject(String name) throws IOException {
        String text = Files.readString(PAGE);
        Matcher object = Pattern.compile("export const " + name + " = Object\\.freeze\\(\\{([^}]*)\\}\\)").matcher(text);
        if (!object.find()) {
            throw new AssertionError(PAGE + " exports no frozen " + name);
        }
        Map<String, String> pairs = new TreeMap<>();
        Matcher pair = Pattern.compile("(\\w+): '?([\\w-]+)'?").matcher(object.group(1));
        while (pair.find()) {
            pairs.put(pair.group(1), pair.group(2));
        }
        return pairs;
    }

    @Test
    void theDocumentedErrorCodesAreTheEnum() throws IOException {
        assertEquals(Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName).collect(Collectors.toCollection(java.util.TreeSet::new)),
                table("Error codes").keySet());
    }

    @Test
    void theDocumentedCloseCodesAreTheEnumWithItsNames() throws IOException {
        Map<String, String> enumRows = Arrays.stream(CloseCode.values()).collect(Collectors.toMap(
                code -> String.valueOf(code.code()), code -> code.name().toLowerCase(Locale.ROOT).replace('_', ' '), (a, b) -> a, TreeMap::new));
        assertEquals(enumRows, table("Close codes"));
    }

    @Test
    void thePageNamesTheSameErrorCodes() throws IOException {
        Map<String, String> expected = Arrays.stream(ErrorCode.values())
                .collect(Collectors.toMap(Enum::name, ErrorCode::wireName, (a, b) -> a, TreeMap::new));
        assertEquals(expected, pageObject("ErrorCode"));
    }

    @Test
    void thePageNamesTheSameCloseCodes() throws IOException {
        Map<String, String> expected = Arrays.stream(CloseCode.values())
                .collect(Collectors.toMap(Enum::name, code -> String.valueOf(code.code()), (a, b) -> a, TreeMap::new));
        assertEquals(expected, pageObject("CloseCode"));
    }
}
