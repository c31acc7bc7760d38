package io.github.webpubsub.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.webpubsub.spring.DocumentationPages;
import io.github.webpubsub.spring.PropertyNamesInCode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that {@code spring-boot-configuration-processor} generates
 * from {@link WebPubSubProperties}, which IDEs use to complete and document the
 * properties, and the property table of {@code docs/configuration.md}, which must say the
 * same (as must any other page of the documentation that lists one).
 */
class WebPubSubPropertiesMetadataTests {

    @Test
    void everyPropertyIsDescribed() throws IOException {
        Map<String, Map<String, Object>> properties = metadata();
        assertThat(properties).containsOnlyKeys("webpubsub.enabled", "webpubsub.connection-string",
                "webpubsub.endpoint", "webpubsub.access-key", "webpubsub.access-key-file", "webpubsub.hub",
                "webpubsub.key-rotation.check-interval", "webpubsub.token.lifetime", "webpubsub.token.max-lifetime",
                "webpubsub.service.reverse-proxy-endpoint", "webpubsub.service.connect-timeout",
                "webpubsub.service.read-timeout", "webpubsub.service.deadline", "webpubsub.service.max-retries",
                "webpubsub.credential.managed-identity-client-id", "webpubsub.credential.tenant-id");
        properties.forEach((name, property) -> {
            String description = (String) property.get("description");
            assertThat(description).as(name).isNotBlank().doesNotStartWith("The ").doesNotStartWith("A ");
            if (property.get("type").equals(Boolean.class.getName())) {
                assertThat(description).as(name).startsWith("Whether");
            }
            if (property.get("type").equals(Duration.class.getName())) {
                assertThat(description).as(name).contains("seconds will be used");
            }
        });
    }

    @Test
    void everyPropertyNameInTheCodeIsAProperty() {
        PropertyNamesInCode.assertAreProperties(WebPubSubPropertyNames.class);
    }

    @Test
    void defaultsAreTheOnesThePropertiesHave() throws IOException {
        Map<String, Map<String, Object>> properties = metadata();
        WebPubSubProperties defaults = new WebPubSubProperties();
        assertThat(properties.get("webpubsub.enabled")).containsEntry("defaultValue", defaults.isEnabled());
        assertThat(
                DurationStyle.detectAndParse((String) properties.get("webpubsub.token.lifetime").get("defaultValue")))
            .isEqualTo(defaults.getToken().getLifetime())
            .isEqualTo(Duration.ofHours(1));
        assertThat(DurationStyle
            .detectAndParse((String) properties.get("webpubsub.token.max-lifetime").get("defaultValue")))
            .isEqualTo(defaults.getToken().getMaxLifetime())
            .isEqualTo(Duration.ofHours(24));
        WebPubSubProperties.Service service = defaults.getService();
        assertThat(duration(properties, "webpubsub.service.connect-timeout")).isEqualTo(service.getConnectTimeout())
            .isEqualTo(Duration.ofSeconds(5));
        assertThat(duration(properties, "webpubsub.service.read-timeout")).isEqualTo(service.getReadTimeout())
            .isEqualTo(Duration.ofSeconds(10));
        assertThat(duration(properties, "webpubsub.service.deadline")).isEqualTo(service.getDeadline())
            .isEqualTo(Duration.ofSeconds(15));
        assertThat(properties.get("webpubsub.service.max-retries")).containsEntry("defaultValue",
                service.getMaxRetries());
        for (String unset : List.of("webpubsub.connection-string", "webpubsub.endpoint", "webpubsub.access-key",
                "webpubsub.access-key-file", "webpubsub.key-rotation.check-interval", "webpubsub.hub",
                "webpubsub.service.reverse-proxy-endpoint", "webpubsub.credential.managed-identity-client-id",
                "webpubsub.credential.tenant-id")) {
            assertThat(properties.get(unset)).as(unset).doesNotContainKey("defaultValue");
        }
    }

    @Test
    void configurationPageTableMatchesTheMetadata() throws IOException {
        Map<String, Map<String, Object>> properties = metadata();
        // The negotiate endpoint's properties have a table and a test of their own.
        Map<String, List<String>> rows = DocumentationPages.propertyRows(DocumentationPages.CONFIGURATION,
                WebPubSubPropertiesMetadataTests::isStarterProperty);
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(properties.keySet());
        assertRowsMatch(DocumentationPages.CONFIGURATION, rows, properties);
    }

    @Test
    void everyPageThatListsAPropertySaysWhatTheMetadataSays() throws IOException {
        Map<String, Map<String, Object>> properties = metadata();
        for (Path page : DocumentationPages.all()) {
            Map<String, List<String>> rows = DocumentationPages.propertyRows(page,
                    WebPubSubPropertiesMetadataTests::isStarterProperty);
            assertThat(properties.keySet()).as("properties listed in %s", page).containsAll(rows.keySet());
            assertRowsMatch(page, rows, properties);
        }
    }

    private static boolean isStarterProperty(String name) {
        return !name.startsWith("webpubsub.negotiate.");
    }

    private static void assertRowsMatch(Path page, Map<String, List<String>> rows,
            Map<String, Map<String, Object>> properties) {
        rows.forEach((name, row) -> {
            Object defaultValue = properties.get(name).get("defaultValue");
            assertThat(row.get(0)).as("default of %s in %s", name, page)
                .isEqualTo((defaultValue != null) ? "`" + defaultValue + "`" : "");
            assertThat(row.get(1)).as("description of %s in %s", name, page)
                .isEqualTo(properties.get(name).get("description"));
        });
    }

    private static Duration duration(Map<String, Map<String, Object>> properties, String name) {
        return DurationStyle.detectAndParse((String) properties.get(name).get("defaultValue"));
    }

    /**
     * Reads this module's generated metadata (other jars on the class path have their
     * own) and returns the properties of {@link WebPubSubProperties} by name.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> metadata() throws IOException {
        for (URL url : Collections.list(WebPubSubPropertiesMetadataTests.class.getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json"))) {
            String json;
            try (InputStream in = url.openStream()) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, Object> metadata = JsonParserFactory.getJsonParser().parseMap(json);
            List<Map<String, Object>> groups = (List<Map<String, Object>>) metadata.get("groups");
            if (groups.stream().anyMatch((group) -> WebPubSubProperties.class.getName().equals(group.get("type")))) {
                Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
                for (Map<String, Object> property : (List<Map<String, Object>>) metadata.get("properties")) {
                    if (((String) property.get("sourceType")).startsWith(WebPubSubProperties.class.getName())) {
                        properties.put((String) property.get("name"), property);
                    }
                }
                return properties;
            }
        }
        throw new AssertionError("No generated metadata for " + WebPubSubProperties.class.getName());
    }

}
