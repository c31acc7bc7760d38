package io.github.webpubsub.spring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project's documentation, {@code README.md} and the pages under {@code docs/}, as
 * tests that compare its property tables with the generated configuration metadata read
 * it. Paths are relative to this module's directory, where the tests run.
 */
public final class DocumentationPages {

    /** The page whose table lists every {@code webpubsub.*} property of the starter. */
    public static final Path CONFIGURATION = Path.of("..", "docs", "configuration.md");

    /**
     * The page whose table lists the negotiate endpoints' {@code webpubsub.negotiate.*}
     * properties.
     */
    public static final Path NEGOTIATE = Path.of("..", "docs", "negotiate.md");

    /**
     * A table row whose first cell is a property: name, then the default and the
     * description cells.
     */
    private static final Pattern PROPERTY_ROW = Pattern
        .compile("^\\| `(webpubsub\\.[a-z.-]+)` \\| (.*?) \\| (.*) \\|$");

    private DocumentationPages() {
    }

    /**
     * Every page of the documentation: the README and the Markdown pages under
     * {@code docs/}.
     * @return the pages, the README first
     */
    public static List<Path> all() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(Path.of("..", "README.md"));
        try (Stream<Path> docs = Files.list(Path.of("..", "docs"))) {
            docs.filter((path) -> path.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /**
     * Reads the property rows of a page's tables.
     * @param page the page to read
     * @param names which properties to keep
     * @return for each property named in the first cell of a row, its default and
     * description cells, as written
     */
    public static Map<String, List<String>> propertyRows(Path page, Predicate<String> names) throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            Matcher row = PROPERTY_ROW.matcher(line);
            if (row.matches() && names.test(row.group(1))) {
                rows.put(row.group(1), List.of(row.group(2), row.group(3)));
            }
        }
        return rows;
    }

}
