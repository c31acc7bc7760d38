package io.github.webpubsub.localhub.junit;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.github.webpubsub.localhub.ClientAccessToken;
import io.github.webpubsub.localhub.ClientMessage;
import io.github.webpubsub.localhub.ConnectedClient;
import io.github.webpubsub.localhub.LocalWebPubSubHub;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link LocalWebPubSubHub} for JUnit 5 tests, without Spring. In a {@code static}
 * field it runs for the whole test class (and its {@code @Nested} classes), in an
 * instance field for each test; either way what clients sent is forgotten before each
 * test.
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static LocalWebPubSubHubExtension hub = new LocalWebPubSubHubExtension();
 *
 * &#64;Test
 * void clientEventReachesTheHub() {
 *     ClientUrlFactory factory = ClientUrlFactory.builder()
 *             .connectionString(hub.connectionString())
 *             .hub("chat")
 *             .build();
 *     // ... a client connects with factory.create(...).urlText() and sends event "hello" ...
 *     assertThat(hub.awaitMessage((m) -&gt; m.isEvent("hello"), Duration.ofSeconds(5)).text()).isEqualTo("hi");
 * }
 * </pre>
 */
public final class LocalWebPubSubHubExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final Consumer<LocalWebPubSubHub.Builder> customizer;

    private @Nullable LocalWebPubSubHub hub;

    /**
     * The unique id of the context that started the hub: a class (a static field; its
     * {@code @Nested} classes share the hub) or a test (an instance field).
     */
    private @Nullable String startedBy;

    /**
     * Creates an extension whose hub listens on a free port of {@code 127.0.0.1} with a
     * random access key.
     */
    public LocalWebPubSubHubExtension() {
        this((builder) -> {
        });
    }

    /**
     * Creates an extension whose hub is customised, for example with a fixed key or
     * unverified Entra ID tokens.
     *
     * <pre>{@code
     * static LocalWebPubSubHubExtension hub = new LocalWebPubSubHubExtension(
     *         (builder) -> builder.acceptUnverifiedEntraIdTokens(true));
     * }</pre>
     * @param customizer customises the builder before the hub starts
     */
    public LocalWebPubSubHubExtension(Consumer<LocalWebPubSubHub.Builder> customizer) {
        this.customizer = Objects.requireNonNull(customizer, "customizer");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startIfStopped(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startIfStopped(context).clearReceivedMessages();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopIfStartedBy(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopIfStartedBy(context);
    }

    private LocalWebPubSubHub startIfStopped(ExtensionContext context) {
        if (this.hub == null) {
            this.hub = start();
            this.startedBy = context.getUniqueId();
        }
        return this.hub;
    }

    private void stopIfStartedBy(ExtensionContext context) {
        if (this.hub != null && context.getUniqueId().equals(this.startedBy)) {
            this.hub.close();
            this.hub = null;
            this.startedBy = null;
        }
    }

    private LocalWebPubSubHub start() {
        LocalWebPubSubHub.Builder builder = LocalWebPubSubHub.builder();
        this.customizer.accept(builder);
        return builder.start();
    }

    /**
     * Returns the running hub.
     * @return the hub
     * @throws IllegalStateException outside a test
     */
    public LocalWebPubSubHub hub() {
        if (this.hub == null) {
            throw new IllegalStateException("The local hub runs during tests only: register the extension with "
                    + "@RegisterExtension and use it from a test or a @BeforeEach method.");
        }
        return this.hub;
    }

    /**
     * Returns the hub's connection string.
     * @return {@code Endpoint=http://127.0.0.1:<port>;AccessKey=<key>;Version=1.0;}
     */
    public String connectionString() {
        return hub().connectionString();
    }

    /**
     * Returns the hub's endpoint.
     * @return for example {@code http://127.0.0.1:51234}
     */
    public URI endpoint() {
        return hub().endpoint();
    }

    /**
     * Returns the hub's access key.
     * @return the key
     */
    public String accessKey() {
        return hub().accessKey();
    }

    /**
     * Verifies a Client Access URL for the hub; see
     * {@link LocalWebPubSubHub#verify(String)}.
     * @param clientAccessUrl the URL
     * @return the verified token
     */
    public ClientAccessToken verify(String clientAccessUrl) {
        return hub().verify(clientAccessUrl);
    }

    /**
     * Waits for a client message; see
     * {@link LocalWebPubSubHub#awaitMessage(Predicate, Duration)}.
     * @param condition what the message must be
     * @param timeout how long to wait
     * @return the message
     */
    public ClientMessage awaitMessage(Predicate<? super ClientMessage> condition, Duration timeout) {
        return hub().awaitMessage(condition, timeout);
    }

    /**
     * Returns what clients have sent during this test.
     * @return a snapshot, oldest first
     */
    public List<ClientMessage> receivedMessages() {
        return hub().receivedMessages();
    }

    /**
     * Waits until a client connection matches; see
     * {@link LocalWebPubSubHub#awaitClient(Predicate, Duration)}.
     * @param condition what the connection must be
     * @param timeout how long to wait
     * @return the connection
     */
    public ConnectedClient awaitClient(Predicate<? super ConnectedClient> condition, Duration timeout) {
        return hub().awaitClient(condition, timeout);
    }

    @Override
    public String toString() {
        return "LocalWebPubSubHubExtension[" + this.hub + "]";
    }

}
