package io.github.webpubsub.spring.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

import io.github.webpubsub.token.ClientUrlFactory;

import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;

import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.SERVICE_REVERSE_PROXY_ENDPOINT;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.TOKEN_MAX_LIFETIME;

/**
 * Applies the connection details and the {@code webpubsub.*} properties to the builder,
 * first (order 0), with the signing mode that {@link KeyOrKeylessMode} selects.
 *
 * <p>
 * The values are checked by the core when the factory is built, and a refusal explained
 * by {@link BuildFailureDiagnosis}. Checked here is only what must fail before that: a
 * missing endpoint, a maximum lifetime beyond the core's bound, and a reverse proxy
 * endpoint that is no URI.
 */
final class StandardClientUrlFactoryBuilderCustomizer implements ClientUrlFactoryBuilderCustomizer, Ordered {

    /**
     * The longest {@code webpubsub.token.max-lifetime}: a token that outlives a key
     * rotation cycle by this much is no client credential any more, and expiry times stay
     * far from the limits of their arithmetic (and of the service's
     * {@code minutesToExpire}). The core's own bound, checked here first so that the
     * report names the property.
     */
    static final Duration MAX_LIFETIME_LIMIT = ClientUrlFactory.Builder.LIFETIME_LIMIT;

    static final String ENDPOINT_EXAMPLE = "https://example.webpubsub.azure.com";

    static final String REVERSE_PROXY_ENDPOINT_FIX = "Set '" + SERVICE_REVERSE_PROXY_ENDPOINT + "' to the https "
            + "address of the proxy, such as https://example.azure-api.net/webpubsub.";

    private final WebPubSubProperties properties;

    private final WebPubSubConnectionDetails connectionDetails;

    private final KeyOrKeylessMode mode;

    StandardClientUrlFactoryBuilderCustomizer(WebPubSubProperties properties,
            WebPubSubConnectionDetails connectionDetails, KeyOrKeylessMode mode) {
        this.properties = properties;
        this.connectionDetails = connectionDetails;
        this.mode = mode;
    }

    @Override
    public int getOrder() {
        return 0;
    }

    @Override
    public void customize(ClientUrlFactory.Builder builder) {
        URI endpoint = this.connectionDetails.getEndpoint();
        if (endpoint == null) {
            SettingSource source = SettingSource.endpointOf(this.connectionDetails);
            throw new WebPubSubConfigurationException(source.property(), source.label() + " returned no endpoint.",
                    "Return the endpoint shown on the resource's Overview page, such as " + ENDPOINT_EXAMPLE + ".");
        }
        builder.endpoint(endpoint);
        boolean callsService = this.mode.applyTo(builder, endpoint);
        if (callsService) {
            applyServiceCallProperties(builder);
        }
        if (StringUtils.hasText(this.properties.getHub())) {
            builder.hub(this.properties.getHub());
        }
        builder.defaultLifetime(this.properties.getToken().getLifetime())
            .maxLifetime(requireBounded(this.properties.getToken().getMaxLifetime()));
        String reverseProxyEndpoint = this.properties.getService().getReverseProxyEndpoint();
        if (StringUtils.hasText(reverseProxyEndpoint)) {
            // Given in key mode too, where the core refuses it, so that the report names
            // the property.
            builder.reverseProxyEndpoint(parseReverseProxyEndpoint(reverseProxyEndpoint));
        }
    }

    /**
     * The service-call settings of key-less mode. Key mode makes no service call and the
     * core refuses them there; the properties have defaults, so they are only applied
     * where they take effect.
     */
    private void applyServiceCallProperties(ClientUrlFactory.Builder builder) {
        WebPubSubProperties.Service service = this.properties.getService();
        builder.connectTimeout(service.getConnectTimeout())
            .readTimeout(service.getReadTimeout())
            .serviceDeadline(service.getDeadline())
            .maxRetries(service.getMaxRetries());
    }

    static String maxLifetimeFix() {
        return "Set '" + TOKEN_MAX_LIFETIME + "' to a positive duration up to " + DurationText.of(MAX_LIFETIME_LIMIT)
                + ", such as 24h, or remove it for the default.";
    }

    /**
     * Bounds {@code webpubsub.token.max-lifetime} here, with the other property checks,
     * so that a huge value fails startup rather than a request (an expiry past the year
     * 9999, or a minute count that overflows).
     */
    private static Duration requireBounded(Duration maxLifetime) {
        if (maxLifetime != null && maxLifetime.compareTo(MAX_LIFETIME_LIMIT) > 0) {
            throw new WebPubSubConfigurationException(TOKEN_MAX_LIFETIME,
                    "'" + TOKEN_MAX_LIFETIME + "' is " + DurationText.of(maxLifetime) + "; it must be at most "
                            + DurationText.of(MAX_LIFETIME_LIMIT) + ".",
                    maxLifetimeFix());
        }
        return maxLifetime;
    }

    private static URI parseReverseProxyEndpoint(String text) {
        try {
            return new URI(text.trim());
        }
        catch (URISyntaxException ex) {
            // The exception's own message quotes the input, so only the position is
            // passed on.
            throw new WebPubSubConfigurationException(
                    SERVICE_REVERSE_PROXY_ENDPOINT, "'" + SERVICE_REVERSE_PROXY_ENDPOINT
                            + "' is not a valid URI (error at index " + ex.getIndex() + ").",
                    REVERSE_PROXY_ENDPOINT_FIX);
        }
    }

}
