package io.github.webpubsub.compat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's jar carries the configuration metadata that IDEs complete
 * {@code webpubsub.*} properties from: every property with a description, and the
 * defaults.
 */
class PropertyMetadataTests {

    @Test
    void starterJarDescribesItsProperties() throws IOException {
        List<Map<String, Object>> properties = properties(starterMetadata());
        Map<String, Map<String, Object>> byName = properties.stream()
            .collect(Collectors.toMap((property) -> (String) property.get("name"), (property) -> property));
        assertThat(byName).containsKeys("webpubsub.enabled", "webpubsub.connection-string", "webpubsub.endpoint",
                "webpubsub.access-key", "webpubsub.hub", "webpubsub.token.lifetime", "webpubsub.token.max-lifetime",
                "webpubsub.negotiate.authority-roles", "webpubsub.negotiate.authority-groups");
        assertThat(byName.keySet()).allMatch((name) -> name.startsWith("webpubsub."));
        assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
            .as("description of %s", property.get("name"))
            .isNotBlank());
        assertThat(byName.get("webpubsub.token.lifetime")).containsEntry("defaultValue", "1h");
        assertThat(byName.get("webpubsub.token.max-lifetime")).containsEntry("defaultValue", "24h");
        assertThat(byName.get("webpubsub.enabled")).containsEntry("defaultValue", true);
    }

    private static URL starterMetadata() throws IOException {
        List<URL> found = Collections.list(getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))
            .stream()
            .filter((url) -> url.toString().contains("webpubsub-spring-boot-starter"))
            .toList();
        assertThat(found).as("metadata in the starter's jar").hasSize(1);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> properties(URL metadata) throws IOException {
        try (InputStream in = metadata.openStream()) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return (List<Map<String, Object>>) RunningApplication.json(json).get("properties");
        }
    }

    private static ClassLoader getClassLoader() {
        return PropertyMetadataTests.class.getClassLoader();
    }

}
