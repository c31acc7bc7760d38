package io.github.webpubsub.spring.autoconfigure;

import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientAccessRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * Counts client access tokens in one Micrometer counter, {@value #METER_NAME}, tagged with:
 * <ul>
 * <li>{@code hub}: the hub of the token; for a refused request, the hub it named, else the default hub
 * ({@code webpubsub.hub}), else {@code none}. Only validated hub names ever become tag values;</li>
 * <li>{@code protocol}: {@code default}, {@code mqtt} or {@code socketio} ({@code none} when no request was
 * given);</li>
 * <li>{@code outcome}: {@code issued} or {@code failed}.</li>
 * </ul>
 */
final class MicrometerClientAccessMetrics implements ClientAccessMetrics {

    static final String METER_NAME = "webpubsub.client.tokens";

    static final String NONE = "none";

    private final MeterProvider<Counter> issued;

    private final MeterProvider<Counter> failed;

    private final @Nullable String defaultHub;

    MicrometerClientAccessMetrics(MeterRegistry registry, @Nullable String defaultHub) {
        this.issued = counter(registry, "issued");
        this.failed = counter(registry, "failed");
        this.defaultHub = defaultHub;
    }

    private static MeterProvider<Counter> counter(MeterRegistry registry, String outcome) {
        // A builder per outcome: a MeterProvider reads its builder's tags when it registers a meter.
        return Counter.builder(METER_NAME)
            .description("Client access tokens requested from the Web PubSub ClientUrlFactory")
            .baseUnit("tokens")
            .tag("outcome", outcome)
            .withRegistry(registry);
    }

    @Override
    public void issued(ClientAccess access) {
        this.issued.withTags(Tags.of("hub", access.hub(), "protocol", access.protocol().clientType())).increment();
    }

    @Override
    public void failed(@Nullable ClientAccessRequest request) {
        String hub = (request != null) ? request.hub().orElse(this.defaultHub) : this.defaultHub;
        String protocol = (request != null) ? request.protocol().clientType() : NONE;
        this.failed.withTags(Tags.of("hub", (hub != null) ? hub : NONE, "protocol", protocol)).increment();
    }

}
