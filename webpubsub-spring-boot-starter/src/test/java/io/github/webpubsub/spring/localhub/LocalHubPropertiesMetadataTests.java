package io.github.webpubsub.spring.localhub;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.webpubsub.localhub.LocalWebPubSubHub;
import io.github.webpubsub.spring.PropertyNamesInCode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata generated from {@link LocalHubProperties}: what IDEs
 * complete and show.
 */
class LocalHubPropertiesMetadataTests {

    @Test
    void everyPropertyIsDescribedWithItsDefault() throws IOException {
        Map<String, Map<String, Object>> properties = metadata();

        assertThat(properties).containsOnlyKeys("webpubsub.local-hub.enabled", "webpubsub.local-hub.port",
                "webpubsub.local-hub.accept-unverified-entra-id-tokens", "webpubsub.local-hub.reconnection-window");
        properties.forEach((name, property) -> assertThat((String) property.get("description")).as(name)
            .isNotBlank()
            .doesNotStartWith("The ")
            .doesNotStartWith("A "));
        assertThat(properties.get("webpubsub.local-hub.enabled")).containsEntry("defaultValue", true);
        assertThat(properties.get("webpubsub.local-hub.port")).containsEntry("defaultValue", 0);
        assertThat(properties.get("webpubsub.local-hub.accept-unverified-entra-id-tokens"))
            .containsEntry("defaultValue", false);
        assertThat(properties.get("webpubsub.local-hub.reconnection-window")).containsEntry("defaultValue", "30s");
        assertThat(Duration.ofSeconds(30)).as("the framework-free hub's default too")
            .isEqualTo(LocalWebPubSubHub.DEFAULT_RECONNECTION_WINDOW);
    }

    @Test
    void everyPropertyNameInTheCodeIsAProperty() {
        PropertyNamesInCode.assertAreProperties(LocalHubPropertyNames.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> metadata() throws IOException {
        Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
        for (URL url : Collections.list(LocalHubPropertiesMetadataTests.class.getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                Map<String, Object> metadata = JsonParserFactory.getJsonParser()
                    .parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                for (Map<String, Object> property : (List<Map<String, Object>>) metadata.get("properties")) {
                    if (LocalHubProperties.class.getName().equals(property.get("sourceType"))) {
                        properties.put((String) property.get("name"), property);
                    }
                }
            }
        }
        return properties;
    }

}
