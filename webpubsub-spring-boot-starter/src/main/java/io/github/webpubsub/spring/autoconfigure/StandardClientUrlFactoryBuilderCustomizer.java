package io.github.webpubsub.spring.autoconfigure;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.WebPubSubConnectionString;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;

/**
 * Applies the connection details and the {@code webpubsub.*} properties to the builder, first (order 0), and checks
 * each value so that a mistake fails startup with the name of the setting at fault. The core checks everything again
 * when it builds; checking here is what lets the message name the property.
 */
final class StandardClientUrlFactoryBuilderCustomizer implements ClientUrlFactoryBuilderCustomizer, Ordered {

    static final String HUB = "webpubsub.hub";

    static final String LIFETIME = "webpubsub.token.lifetime";

    static final String MAX_LIFETIME = "webpubsub.token.max-lifetime";

    /** HS256 needs a key of at least 256 bits; a full access key is 44 characters. */
    private static final int MIN_KEY_BYTES = 32;

    private final WebPubSubProperties properties;

    private final WebPubSubConnectionDetails connectionDetails;

    StandardClientUrlFactoryBuilderCustomizer(WebPubSubProperties properties,
            WebPubSubConnectionDetails connectionDetails) {
        this.properties = properties;
        this.connectionDetails = connectionDetails;
    }

    @Override
    public int getOrder() {
        return 0;
    }

    @Override
    public void customize(ClientUrlFactory.Builder builder) {
        builder.connectionString(connection());
        String hub = this.properties.getHub();
        if (StringUtils.hasText(hub)) {
            builder.hub(requireValidHub(hub));
        }
        Duration maxLifetime = requirePositive(this.properties.getToken().getMaxLifetime(), MAX_LIFETIME, "24h");
        Duration lifetime = requirePositive(this.properties.getToken().getLifetime(), LIFETIME, "15m");
        if (lifetime.compareTo(maxLifetime) > 0) {
            throw new WebPubSubConfigurationException(LIFETIME,
                    "'" + LIFETIME + "' (" + lifetime + ") exceeds '" + MAX_LIFETIME + "' (" + maxLifetime + ").",
                    "Shorten '" + LIFETIME + "' or raise '" + MAX_LIFETIME + "'.");
        }
        builder.defaultLifetime(lifetime).maxLifetime(maxLifetime);
    }

    private WebPubSubConnectionString connection() {
        Setting endpointSetting = endpointSetting();
        URI endpoint = this.connectionDetails.getEndpoint();
        if (endpoint == null) {
            throw new WebPubSubConfigurationException(endpointSetting.property(),
                    endpointSetting.label() + " returned no endpoint.",
                    "Return the endpoint shown on the resource's Keys page, such as "
                            + "https://example.webpubsub.azure.com.");
        }
        Setting keySetting = accessKeySetting();
        String accessKey = this.connectionDetails.getAccessKey();
        if (accessKey == null) {
            String problem = (keySetting.property() != null)
                    ? endpointSetting.label() + " is set but " + keySetting.label() + " is not"
                    : keySetting.label() + " returned null";
            throw new WebPubSubConfigurationException(keySetting.property(),
                    problem + ", so client access tokens cannot be signed.",
                    "Set " + keySetting.label() + " to one of the two access keys shown on the resource's Keys page. "
                            + "Key-less Microsoft Entra ID authentication is not supported by this version.");
        }
        requireValidKey(accessKey, keySetting);
        try {
            return WebPubSubConnectionString.of(endpoint, accessKey);
        }
        catch (IllegalArgumentException ex) {
            // The key passed the same rules above, so what the core refused is the endpoint. Its messages never
            // echo the endpoint, which could hold a pasted connection string.
            throw new WebPubSubConfigurationException(endpointSetting.property(),
                    endpointSetting.label() + " is invalid. " + ex.getMessage(),
                    "Use the endpoint shown on the resource's Keys page, such as https://example.webpubsub.azure.com, "
                            + "in " + endpointSetting.label() + ".");
        }
    }

    private static void requireValidKey(String accessKey, Setting setting) {
        String action = "Copy a full access key (44 characters) from the Keys page of the Web PubSub resource into "
                + setting.label() + ".";
        if (accessKey.isEmpty()) {
            throw new WebPubSubConfigurationException(setting.property(), setting.label() + " is empty.", action);
        }
        if (!accessKey.strip().equals(accessKey)) {
            throw new WebPubSubConfigurationException(setting.property(),
                    setting.label() + " starts or ends with whitespace, which would change every signature.", action);
        }
        int bytes = accessKey.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_KEY_BYTES) {
            throw new WebPubSubConfigurationException(setting.property(),
                    setting.label() + " is " + bytes + " bytes long; HS256 signing needs at least " + MIN_KEY_BYTES
                            + ", and a full access key has 44 characters. It looks truncated.",
                    action);
        }
    }

    private static String requireValidHub(String hub) {
        try {
            ClientAccessRequest.builder().hub(hub);
            return hub;
        }
        catch (IllegalArgumentException ex) {
            throw new WebPubSubConfigurationException(HUB, "'" + HUB + "' is invalid. " + ex.getMessage(),
                    "Set '" + HUB + "' to a hub name such as chat, or remove it and name the hub in each request.");
        }
    }

    private static Duration requirePositive(@Nullable Duration duration, String property, String example) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new WebPubSubConfigurationException(property,
                    "'" + property + "' is " + duration + "; a token lifetime must be positive.",
                    "Set '" + property + "' to a positive duration such as " + example + ", or remove it for the "
                            + "default.");
        }
        return duration;
    }

    private Setting endpointSetting() {
        if (this.connectionDetails instanceof PropertiesWebPubSubConnectionDetails properties) {
            return Setting.property(properties.endpointProperty());
        }
        return Setting.bean(this.connectionDetails, "getEndpoint()");
    }

    private Setting accessKeySetting() {
        if (this.connectionDetails instanceof PropertiesWebPubSubConnectionDetails properties) {
            return Setting.property(properties.accessKeyProperty());
        }
        return Setting.bean(this.connectionDetails, "getAccessKey()");
    }

    /**
     * Names where a connection value came from: a property (or environment variable), or a method of a
     * user-defined connection details bean.
     */
    private record Setting(@Nullable String property, String label) {

        static Setting property(String name) {
            return new Setting(name, "'" + name + "'");
        }

        static Setting bean(WebPubSubConnectionDetails details, String method) {
            return new Setting(null, method + " of the WebPubSubConnectionDetails bean ("
                    + details.getClass().getName() + ")");
        }

    }

}
