package io.github.webpubsub.sample.devhub;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class RandomAccessKeyEnvironmentPostProcessorTests {

    private final RandomAccessKeyEnvironmentPostProcessor postProcessor = new RandomAccessKeyEnvironmentPostProcessor();

    @Test
    void offersA44CharacterKeyOf32RandomBytesThatStaysTheSameForTheEnvironment() {
        StandardEnvironment environment = postProcessed();

        String key = environment.getProperty(RandomAccessKeyEnvironmentPostProcessor.PROPERTY);

        assertThat(key).hasSize(44);
        assertThat(Base64.getDecoder().decode(key)).hasSize(32);
        assertThat(environment.getProperty(RandomAccessKeyEnvironmentPostProcessor.PROPERTY)).isEqualTo(key);
        assertThat(environment.resolvePlaceholders("AccessKey=${local-hub.random-access-key};"))
            .isEqualTo("AccessKey=" + key + ";");
    }

    @Test
    void eachStartHasAKeyOfItsOwn() {
        String first = postProcessed().getProperty(RandomAccessKeyEnvironmentPostProcessor.PROPERTY);
        String second = postProcessed().getProperty(RandomAccessKeyEnvironmentPostProcessor.PROPERTY);

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void keyIsNeitherListedWithTheEnvironmentsPropertiesNorShown() {
        StandardEnvironment environment = postProcessed();
        String key = environment.getProperty(RandomAccessKeyEnvironmentPostProcessor.PROPERTY);

        assertThat(environment.getPropertySources().get(RandomAccessKeyEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
            .isNotInstanceOf(EnumerablePropertySource.class)
            .hasToString("RandomAccessKeyPropertySource[local-hub.random-access-key=******]")
            .satisfies((source) -> assertThat(source.toString()).doesNotContain(key));
    }

    @Test
    void aConfiguredValueWinsAndRunningTwiceAddsOneSource() {
        StandardEnvironment environment = postProcessed();
        this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
        environment.getPropertySources().addFirst(new MapPropertySource("configured",
                Map.of(RandomAccessKeyEnvironmentPostProcessor.PROPERTY, "configured")));

        assertThat(environment.getProperty(RandomAccessKeyEnvironmentPostProcessor.PROPERTY)).isEqualTo("configured");
        assertThat(environment.getPropertySources().stream()
            .filter((source) -> source.getName().equals(RandomAccessKeyEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)))
            .hasSize(1);
    }

    private StandardEnvironment postProcessed() {
        StandardEnvironment environment = new StandardEnvironment();
        this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

}
