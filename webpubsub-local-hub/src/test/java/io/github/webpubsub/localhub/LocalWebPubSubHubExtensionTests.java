package io.github.webpubsub.localhub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.webpubsub.localhub.junit.LocalWebPubSubHubExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link LocalWebPubSubHubExtension}: a static field's hub serves the class and
 * its nested classes, an instance field's hub one test, and each is stopped when its
 * scope ends.
 */
class LocalWebPubSubHubExtensionTests {

    @RegisterExtension
    static final LocalWebPubSubHubExtension perClass = new LocalWebPubSubHubExtension();

    private static final Set<URI> perClassEndpoints = ConcurrentHashMap.newKeySet();

    private static final List<URI> perTestEndpoints = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final LocalWebPubSubHubExtension perTest = new LocalWebPubSubHubExtension();

    @Test
    void staticAndInstanceFieldsRunHubsOfTheirOwn() {
        perClassEndpoints.add(perClass.endpoint());
        perTestEndpoints.add(this.perTest.endpoint());

        assertThat(this.perTest.endpoint()).isNotEqualTo(perClass.endpoint());
        assertThat(perClass.connectionString()).contains("AccessKey=" + perClass.accessKey());
    }

    @Test
    void eachTestHasAFreshInstanceFieldHub() {
        perClassEndpoints.add(perClass.endpoint());
        perTestEndpoints.add(this.perTest.endpoint());

        assertThat(this.perTest.receivedMessages()).isEmpty();
    }

    @Test
    void outsideATestThereIsNoHub() {
        assertThatIllegalStateException().isThrownBy(() -> new LocalWebPubSubHubExtension().hub())
            .withMessageStartingWith("The local hub runs during tests only");
    }

    @AfterAll
    static void allSawOneClassHubAndStoppedHubsOfTheirOwn() {
        assertThat(perClassEndpoints).as("one hub for the class and its nested classes").hasSize(1);
        assertThat(perTestEndpoints).hasSize(3).doesNotHaveDuplicates();
        for (URI endpoint : perTestEndpoints) {
            assertThatExceptionOfType(IOException.class).as("stopped: %s", endpoint).isThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 1000);
                }
            });
        }
    }

    @Nested
    class Inner {

        @Test
        void nestedClassesShareTheStaticFieldsHub() {
            perClassEndpoints.add(perClass.endpoint());
            perTestEndpoints.add(LocalWebPubSubHubExtensionTests.this.perTest.endpoint());
        }

    }

}
