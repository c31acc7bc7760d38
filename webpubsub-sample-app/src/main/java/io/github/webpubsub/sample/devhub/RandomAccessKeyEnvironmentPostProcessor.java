package io.github.webpubsub.sample.devhub;

import java.security.SecureRandom;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Offers an access key for the local development hub that is new at each start: the property
 * {@value #PROPERTY}, 32 random bytes from {@link SecureRandom} in Base64, 44 characters like a resource's key. The
 * sample's default connection string takes its key from there, so that with no configuration the application signs,
 * and its hub checks, with a key that no one else knows and that nothing stores:
 *
 * <pre>{@code
 * webpubsub:
 *   connection-string: >-
 *     Endpoint=http://localhost:${server.port:8080};AccessKey=${local-hub.random-access-key};Version=1.0;
 * }</pre>
 *
 * The key is made the first time it is asked for and stays the same for the life of the environment. Its property
 * source is not enumerable, so the key is not listed with the environment's properties (actuator's {@code /env}).
 */
final class RandomAccessKeyEnvironmentPostProcessor implements EnvironmentPostProcessor {

    /** The property that holds the random key. */
    static final String PROPERTY = "local-hub.random-access-key";

    static final String PROPERTY_SOURCE_NAME = "localHubRandomAccessKey";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
            environment.getPropertySources().addLast(new RandomAccessKeyPropertySource());
        }
    }

    /**
     * Answers {@value #PROPERTY} with a key made on first use.
     */
    static final class RandomAccessKeyPropertySource extends PropertySource<Object> {

        private static final int KEY_BYTES = 32;

        private volatile @Nullable String key;

        RandomAccessKeyPropertySource() {
            super(PROPERTY_SOURCE_NAME);
        }

        @Override
        public @Nullable Object getProperty(String name) {
            return PROPERTY.equals(name) ? key() : null;
        }

        private String key() {
            String key = this.key;
            if (key == null) {
                synchronized (this) {
                    key = this.key;
                    if (key == null) {
                        byte[] bytes = new byte[KEY_BYTES];
                        new SecureRandom().nextBytes(bytes);
                        key = Base64.getEncoder().encodeToString(bytes);
                        this.key = key;
                    }
                }
            }
            return key;
        }

        @Override
        public String toString() {
            return "RandomAccessKeyPropertySource[" + PROPERTY + "=******]";
        }

    }

}
