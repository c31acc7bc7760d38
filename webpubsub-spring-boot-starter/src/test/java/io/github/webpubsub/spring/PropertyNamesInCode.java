package io.github.webpubsub.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks a class of property name constants, one per package of the starter, against the
 * configuration metadata that this module generates: a name the code reads or names in a
 * report must be a property that exists.
 */
public final class PropertyNamesInCode {

    private static final String STARTER_PACKAGE = "io.github.webpubsub.spring.";

    private PropertyNamesInCode() {
    }

    /**
     * Asserts that every {@code webpubsub.*} constant of a class names a property of this
     * module's metadata.
     * @param names the class of constants
     */
    public static void assertAreProperties(Class<?> names) {
        List<String> webPubSubNames = constantsOf(names).stream()
            .filter((name) -> name.startsWith("webpubsub."))
            .toList();
        assertThat(webPubSubNames).as("the webpubsub.* names of %s", names.getSimpleName())
            .isNotEmpty()
            .doesNotHaveDuplicates();
        assertThat(starterProperties()).as("the properties of the starter").containsAll(webPubSubNames);
    }

    private static List<String> constantsOf(Class<?> names) {
        List<String> constants = new ArrayList<>();
        for (Field field : names.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                field.setAccessible(true);
                try {
                    constants.add((String) field.get(null));
                }
                catch (IllegalAccessException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        }
        return constants;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> starterProperties() {
        Set<String> properties = new TreeSet<>();
        try {
            for (URL url : Collections.list(PropertyNamesInCode.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    Map<String, Object> metadata = JsonParserFactory.getJsonParser()
                        .parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    for (Map<String, Object> property : (List<Map<String, Object>>) metadata.get("properties")) {
                        // Other jars' metadata is on the class path too, some of it
                        // without a source type.
                        if (property.get("sourceType") instanceof String sourceType
                                && sourceType.startsWith(STARTER_PACKAGE)) {
                            properties.add((String) property.get("name"));
                        }
                    }
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return properties;
    }

}
