package io.github.webpubsub.spring.autoconfigure;

import java.util.HashSet;
import java.util.Set;

import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientAccessRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * Counts client access tokens in one Micrometer counter, {@value #METER_NAME}, tagged
 * with:
 * <ul>
 * <li>{@code hub}: the hub of the token; for a refused request, the hub it named, else
 * the default hub ({@code webpubsub.hub}), else {@code none}. A hub is named only if it
 * is known (the default hub, or a name of a {@link KnownHubs} bean, such as the hubs of
 * {@code @WebPubSubNegotiate} methods); every other hub counts as {@code other}, so that
 * hub names taken from requests cannot grow the number of meters without bound;</li>
 * <li>{@code protocol}: {@code default}, {@code mqtt} or {@code socketio} ({@code none}
 * when no request was given);</li>
 * <li>{@code outcome}: {@code issued} or {@code failed}.</li>
 * </ul>
 *
 * <p>
 * The known hubs are read from the {@link KnownHubs} beans once the application context
 * has been refreshed, when every annotated method can be found; until then, only the
 * default hub is known.
 */
final class MicrometerClientAccessMetrics implements ClientAccessMetrics, ApplicationListener<ContextRefreshedEvent> {

    static final String METER_NAME = "webpubsub.client.tokens";

    /**
     * The hub or protocol tag value of a refused request that has none: no hub and no
     * default hub, or no request.
     */
    static final String ABSENT_TAG_VALUE = "none";

    /**
     * The hub tag value of every hub that is not known, so that callers cannot add
     * meters.
     */
    static final String OTHER_HUB_TAG_VALUE = "other";

    private final MeterProvider<Counter> issued;

    private final MeterProvider<Counter> failed;

    private final @Nullable String defaultHub;

    private final ObjectProvider<KnownHubs> knownHubs;

    /**
     * The hubs counted by name; replaced, never changed, when the context is refreshed.
     */
    private volatile Set<String> namedHubs;

    MicrometerClientAccessMetrics(MeterRegistry registry, @Nullable String defaultHub,
            ObjectProvider<KnownHubs> knownHubs) {
        this.issued = counter(registry, "issued");
        this.failed = counter(registry, "failed");
        this.defaultHub = defaultHub;
        this.knownHubs = knownHubs;
        this.namedHubs = (defaultHub != null) ? Set.of(defaultHub) : Set.of();
    }

    private static MeterProvider<Counter> counter(MeterRegistry registry, String outcome) {
        // A builder per outcome: a MeterProvider reads its builder's tags when it
        // registers a meter.
        return Counter.builder(METER_NAME)
            .description("Client access tokens requested from the Web PubSub ClientUrlFactory")
            .baseUnit("tokens")
            .tag("outcome", outcome)
            .withRegistry(registry);
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        Set<String> named = new HashSet<>();
        if (this.defaultHub != null) {
            named.add(this.defaultHub);
        }
        this.knownHubs.orderedStream().forEach((known) -> named.addAll(known.names()));
        named.remove(null);
        this.namedHubs = Set.copyOf(named);
    }

    @Override
    public void issued(ClientAccess access) {
        this.issued.withTags(Tags.of("hub", tagOf(access.hub()), "protocol", access.protocol().clientType()))
            .increment();
    }

    @Override
    public void failed(@Nullable ClientAccessRequest request) {
        String hub = (request != null) ? request.hub().orElse(this.defaultHub) : this.defaultHub;
        String protocol = (request != null) ? request.protocol().clientType() : ABSENT_TAG_VALUE;
        this.failed.withTags(Tags.of("hub", (hub != null) ? tagOf(hub) : ABSENT_TAG_VALUE, "protocol", protocol))
            .increment();
    }

    private String tagOf(String hub) {
        return this.namedHubs.contains(hub) ? hub : OTHER_HUB_TAG_VALUE;
    }

}
