package io.github.webpubsub.spring.negotiate;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.webpubsub.spring.DocumentationPages;
import io.github.webpubsub.spring.PropertyNamesInCode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata generated from {@link WebPubSubNegotiateProperties}, and the
 * table of the negotiate properties in {@code docs/negotiate.md}, which must say the same
 * (as must any other page of the documentation that lists one).
 */
class WebPubSubNegotiatePropertiesMetadataTests {

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
    void everyPropertyNameInTheCodeIsAProperty() {
        PropertyNamesInCode.assertAreProperties(NegotiatePropertyNames.class);
    }

    @Test
    void negotiatePageTableMatchesTheMetadata() throws IOException {
        Map<String, Map<String, Object>> properties = metadata();
        Map<String, List<String>> rows = DocumentationPages.propertyRows(DocumentationPages.NEGOTIATE,
                WebPubSubNegotiatePropertiesMetadataTests::isNegotiateProperty);
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(properties.keySet());
        assertRowsMatch(DocumentationPages.NEGOTIATE, rows, properties);
    }

    @Test
    void everyPageThatListsANegotiatePropertySaysWhatTheMetadataSays() throws IOException {
        Map<String, Map<String, Object>> properties = metadata();
        for (Path page : DocumentationPages.all()) {
            Map<String, List<String>> rows = DocumentationPages.propertyRows(page,
                    WebPubSubNegotiatePropertiesMetadataTests::isNegotiateProperty);
            assertThat(properties.keySet()).as("properties listed in %s", page).containsAll(rows.keySet());
            assertRowsMatch(page, rows, properties);
        }
    }

    private static boolean isNegotiateProperty(String name) {
        return name.startsWith("webpubsub.negotiate.");
    }

    private static void assertRowsMatch(Path page, Map<String, List<String>> rows,
            Map<String, Map<String, Object>> properties) {
        rows.forEach((name, row) -> {
            assertThat(row.get(0)).as("default of %s in %s", name, page).isEmpty();
            assertThat(row.get(1)).as("description of %s in %s", name, page)
                .isEqualTo(properties.get(name).get("description"));
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
