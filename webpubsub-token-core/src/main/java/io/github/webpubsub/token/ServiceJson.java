package io.github.webpubsub.token;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;

import io.jsonwebtoken.io.Deserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads the service's JSON with the {@link Deserializer} that jjwt's JSON module
 * (jjwt-jackson, jjwt-gson or jjwt-orgjson) registers through {@link ServiceLoader}, so
 * the core needs no JSON library of its own.
 */
final class ServiceJson {

    private static volatile @Nullable Deserializer<?> deserializer;

    private ServiceJson() {
    }

    /**
     * Checks that a JSON deserializer is on the classpath.
     * @throws IllegalStateException if none is, naming the dependency to add
     */
    static void requireAvailable() {
        deserializer();
    }

    /**
     * Parses a JSON object.
     * @param json UTF-8 bytes
     * @return the object's members, or {@code null} if the bytes are not a JSON object
     */
    @SuppressWarnings("unchecked")
    static @Nullable Map<String, ?> parseObject(byte[] json) {
        Object parsed;
        try (InputStreamReader reader = new InputStreamReader(new ByteArrayInputStream(json), StandardCharsets.UTF_8)) {
            parsed = deserializer().deserialize(reader);
        }
        catch (Exception ex) {
            // The parser's message may quote the input, which may hold a token: only the
            // outcome is kept.
            return null;
        }
        return (parsed instanceof Map<?, ?> object) ? (Map<String, ?>) object : null;
    }

    private static Deserializer<?> deserializer() {
        Deserializer<?> loaded = deserializer;
        if (loaded == null) {
            loaded = load(Thread.currentThread().getContextClassLoader());
            if (loaded == null) {
                loaded = load(ServiceJson.class.getClassLoader());
            }
            if (loaded == null) {
                throw new IllegalStateException("No JSON deserializer for jjwt is on the classpath, so the service's "
                        + "answers cannot be read. Add io.jsonwebtoken:jjwt-jackson (runtime scope).");
            }
            deserializer = loaded;
        }
        return loaded;
    }

    @SuppressWarnings("rawtypes")
    private static @Nullable Deserializer<?> load(@Nullable ClassLoader classLoader) {
        for (Deserializer candidate : ServiceLoader.load(Deserializer.class, classLoader)) {
            return candidate;
        }
        return null;
    }

}
