package io.github.webpubsub.spring.negotiate;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata generated from {@link WebPubSubNegotiateProperties}, and the README's table of the
 * negotiate properties, which must say the same.
 */
class WebPubSubNegotiatePropertiesMetadataTests {

    private static final Pattern README_ROW = Pattern
        .compile("^\\| `(webpubsub\\.negotiate\\.[a-z.-]+)` \\| (.*?) \\| (.*) \\|$");

    @Test
    void everyPropertyIsDescribedWithoutDefault() throws IOException {
        Map<String, Map<String, Object>> properties = metadata();
        assertThat(properties).containsOnlyKeys("webpubsub.negotiate.authority-roles",
                "webpubsub.negotiate.authority-groups");
        properties.forEach((name, property) -> {
            assertThat((String) property.get("description")).as(name)
                .isNotBlank()
                .doesNotStartWith("The ")
                .doesNotStartWith("A ")
                .contains("{userId}");
            assertThat(property).as(name).doesNotContainKey("defaultValue");
        });
    }

    @Test
    void readmeTableMatchesTheMetadata() throws IOException {
        Map<String, Map<String, Object>> properties = metadata();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8)) {
            Matcher row = README_ROW.matcher(line);
            if (row.matches()) {
                rows.put(row.group(1), List.of(row.group(2), row.group(3)));
            }
        }
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(properties.keySet());
        rows.forEach((name, row) -> {
            assertThat(row.get(0)).as("default of %s", name).isEmpty();
            assertThat(row.get(1)).as("description of %s", name).isEqualTo(properties.get(name).get("description"));
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> metadata() throws IOException {
        for (URL url : Collections.list(WebPubSubNegotiatePropertiesMetadataTests.class.getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json"))) {
            String json;
            try (InputStream in = url.openStream()) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, Object> metadata = JsonParserFactory.getJsonParser().parseMap(json);
            Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
            for (Map<String, Object> property : (List<Map<String, Object>>) metadata.get("properties")) {
                if (WebPubSubNegotiateProperties.class.getName().equals(property.get("sourceType"))) {
                    properties.put((String) property.get("name"), property);
                }
            }
            if (!properties.isEmpty()) {
                return properties;
            }
        }
        throw new AssertionError("No generated metadata for " + WebPubSubNegotiateProperties.class.getName());
    }

}
