package io.github.webpubsub.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as {@code process-aot} left it, before it is packaged (run by failsafe,
 * with {@code -Dspring.aot.enabled=true}): the native-image metadata lists the negotiate
 * methods for reflection, and the application started from its generated initializer
 * answers negotiate requests.
 */
class AheadOfTimeIT {

    /**
     * Where {@code process-aot} writes the native-image metadata, by group and artifact.
     */
    private static final Path NATIVE_IMAGE_METADATA = Path.of("target/spring-aot/main/resources/META-INF/native-image");

    private static final String CONTROLLER = ChatNegotiation.class.getName();

    @Test
    void reflectionMetadataListsTheNegotiateMethodsBesideTheRequestMappings() {
        assertThat(reflectedMethods(CONTROLLER)).contains(Map.of("name", "lobby", "parameterTypes", List.of()),
                Map.of("name", "room", "parameterTypes",
                        List.of("java.lang.String", "io.github.webpubsub.token.ClientAccessRequest$Builder")),
                Map.of("name", "me", "parameterTypes", List.of("java.security.Principal")));
    }

    @Test
    void applicationStartedFromItsGeneratedInitializerAnswersNegotiateRequests() {
        assertThat(AotDetector.useGeneratedArtifacts()).as("spring.aot.enabled").isTrue();
        SpringApplication application = new SpringApplication(CompatApplication.class);
        // Finds the generated CompatApplication__ApplicationContextInitializer; no main()
        // is on this stack.
        application.setMainApplicationClass(CompatApplication.class);
        try (ConfigurableApplicationContext context = application.run("--server.port=0")) {
            HttpResponse<String> response = RunningApplication.of(context.getEnvironment()).getAsAlice("/negotiate");
            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, Object> claims = ClientTokens
                .verifiedClaims((String) RunningApplication.json(response.body()).get("token"));
            assertThat(claims).containsEntry("sub", "alice")
                .containsEntry("aud", "https://contoso.webpubsub.azure.com/client/hubs/chat");
        }
    }

    /**
     * Returns the methods registered for reflection on a type, from either format:
     * reachability-metadata.json (Spring Framework 7) or reflect-config.json (Spring
     * Framework 6).
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> reflectedMethods(String type) {
        try (Stream<Path> files = Files.walk(NATIVE_IMAGE_METADATA)) {
            List<Path> metadata = files
                .filter((file) -> file.endsWith("reachability-metadata.json") || file.endsWith("reflect-config.json"))
                .toList();
            assertThat(metadata).as("native-image metadata under %s", NATIVE_IMAGE_METADATA).hasSize(1);
            String json = Files.readString(metadata.get(0));
            List<Object> entries = json.startsWith("[") ? JsonParserFactory.getJsonParser().parseList(json)
                    : (List<Object>) JsonParserFactory.getJsonParser().parseMap(json).get("reflection");
            return entries.stream()
                .map((entry) -> (Map<String, Object>) entry)
                .filter((entry) -> type.equals(entry.get("type")) || type.equals(entry.get("name")))
                .flatMap((entry) -> ((List<Map<String, Object>>) entry.getOrDefault("methods", List.of())).stream())
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
