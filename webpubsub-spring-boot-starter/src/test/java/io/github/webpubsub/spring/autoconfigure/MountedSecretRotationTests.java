package io.github.webpubsub.spring.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ENDPOINT;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.OTHER_ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.verifiedClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Kubernetes secret mounted as a volume, rotated the way the kubelet rotates it: the
 * files live in a hidden, timestamped directory that the {@code ..data} link names, and
 * the kubelet swaps that link in one step. Spring Boot's config tree
 * ({@code spring.config.import=configtree:...}) reads such a file once and keeps its
 * content for the application's life, so a rotated key reaches neither the
 * {@code Environment} nor the starter; {@code webpubsub.access-key-file} reads the file
 * again at each check and follows the rotation.
 */
class MountedSecretRotationTests {

    private static final String CHECK_EVERY_100_MS = "--webpubsub.key-rotation.check-interval=100ms";

    @TempDir
    Path mount;

    /**
     * {@code <mount>/webpubsub}: the secret's volume, whose file {@code access-key} holds
     * the key.
     */
    private Path volume;

    @BeforeEach
    void mountSecret() throws IOException {
        this.volume = Files.createDirectory(this.mount.resolve("webpubsub"));
        Path version = Files.createDirectory(this.volume.resolve("..2030_01_01_00_00_00.1"));
        Files.writeString(version.resolve("access-key"), ACCESS_KEY);
        Files.createSymbolicLink(this.volume.resolve("..data"), version.getFileName());
        Files.createSymbolicLink(this.volume.resolve("access-key"), Path.of("..data", "access-key"));
    }

    @Test
    void configTreeKeepsTheKeyItReadAtStartup() throws Exception {
        try (ConfigurableApplicationContext context = run("--spring.config.import=configtree:" + this.mount + "/",
                "--webpubsub.endpoint=" + ENDPOINT, CHECK_EVERY_100_MS)) {
            ClientUrlFactory factory = context.getBean(ClientUrlFactory.class);
            assertThat(context.getEnvironment().getProperty("webpubsub.access-key")).isEqualTo(ACCESS_KEY);
            assertThat(ClientTokens.isSignedWith(token(factory), ACCESS_KEY)).isTrue();

            rotateSecret(OTHER_ACCESS_KEY);
            assertThat(Files.readString(this.volume.resolve("access-key"))).isEqualTo(OTHER_ACCESS_KEY);
            Thread.sleep(500);

            // Boot's loader creates the config tree without
            // ConfigTreePropertySource.Option.ALWAYS_READ.
            assertThat(context.getEnvironment().getProperty("webpubsub.access-key")).isEqualTo(ACCESS_KEY);
            assertThat(Binder.get(context.getEnvironment()).bind("webpubsub.access-key", String.class).get())
                .isEqualTo(ACCESS_KEY);
            assertThat(ClientTokens.isSignedWith(token(factory), ACCESS_KEY)).isTrue();
        }
    }

    @Test
    void accessKeyFileFollowsTheRotatedSecret() throws Exception {
        try (ConfigurableApplicationContext context = run("--webpubsub.endpoint=" + ENDPOINT,
                "--webpubsub.access-key-file=" + this.volume.resolve("access-key"), CHECK_EVERY_100_MS)) {
            ClientUrlFactory factory = context.getBean(ClientUrlFactory.class);
            assertThat(ClientTokens.isSignedWith(token(factory), ACCESS_KEY)).isTrue();

            rotateSecret(OTHER_ACCESS_KEY);

            await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> ClientTokens.isSignedWith(token(factory), OTHER_ACCESS_KEY));
            ClientAccess access = token(factory);
            assertThat(verifiedClaims(access, OTHER_ACCESS_KEY)).containsEntry("sub", "alice");
            assertThat(ClientTokens.isSignedWith(access, ACCESS_KEY)).isFalse();
        }
    }

    /**
     * Rotates the secret as the kubelet's atomic writer does: a new timestamped
     * directory, a new {@code ..data} link renamed over the old one, then the old
     * directory removed.
     */
    private void rotateSecret(String newKey) throws IOException {
        Path oldVersion = this.volume.resolve(Files.readSymbolicLink(this.volume.resolve("..data")));
        Path newVersion = Files.createDirectory(this.volume.resolve("..2030_01_01_01_00_00.2"));
        Files.writeString(newVersion.resolve("access-key"), newKey);
        Path newData = Files.createSymbolicLink(this.volume.resolve("..data_tmp"), newVersion.getFileName());
        Files.move(newData, this.volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        Files.delete(oldVersion.resolve("access-key"));
        Files.delete(oldVersion);
    }

    private static ConfigurableApplicationContext run(String... args) {
        SpringApplication application = new SpringApplication(PlainApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        return application.run(args);
    }

    private static ClientAccess token(ClientUrlFactory factory) {
        return factory.create((request) -> request.hub("chat").userId("alice"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class PlainApplication {

    }

}
