package io.github.webpubsub.spring.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

import io.github.webpubsub.token.AccessKeyCredential;
import io.github.webpubsub.token.BearerTokenProvider;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.InvalidWebPubSubSettingException;
import io.github.webpubsub.token.support.LoopbackHosts;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;

/**
 * Applies the connection details and the {@code webpubsub.*} properties to the builder, first (order 0), and selects
 * the mode: an access key, or an {@link AccessKeyCredential} bean of the application's, means key mode, where tokens
 * are signed with the {@link AccessKeyCredential} bean (so that the key can be replaced at runtime); an endpoint
 * without either means key-less mode, with the {@link BearerTokenProvider} that {@link KeylessIdentity} finds.
 *
 * <p>The values are checked by the core when the factory is built. When that fails, {@link #explain} rebuilds from
 * the properties alone to tell whether a property or a later customizer is at fault, and maps the core's
 * {@link InvalidWebPubSubSettingException#setting() setting} to the property to name in the failure report.
 */
final class StandardClientUrlFactoryBuilderCustomizer implements ClientUrlFactoryBuilderCustomizer, Ordered {

    private static final Log logger = LogFactory.getLog(StandardClientUrlFactoryBuilderCustomizer.class);

    static final String HUB = "webpubsub.hub";

    static final String LIFETIME = "webpubsub.token.lifetime";

    static final String MAX_LIFETIME = "webpubsub.token.max-lifetime";

    static final String REVERSE_PROXY_ENDPOINT = "webpubsub.service.reverse-proxy-endpoint";

    static final String CONNECT_TIMEOUT = "webpubsub.service.connect-timeout";

    static final String READ_TIMEOUT = "webpubsub.service.read-timeout";

    static final String DEADLINE = "webpubsub.service.deadline";

    static final String MAX_RETRIES = "webpubsub.service.max-retries";

    static final String MANAGED_IDENTITY_CLIENT_ID = "webpubsub.credential.managed-identity-client-id";

    static final String TENANT_ID = "webpubsub.credential.tenant-id";

    static final String CHECK_INTERVAL = "webpubsub.key-rotation.check-interval";

    /**
     * The longest {@code webpubsub.token.max-lifetime}: a token that outlives a key rotation cycle by this much is no
     * client credential any more, and expiry times stay far from the limits of their arithmetic (and of the service's
     * {@code minutesToExpire}). The core's own bound, checked here first so that the report names the property.
     */
    static final Duration MAX_LIFETIME_LIMIT = ClientUrlFactory.Builder.LIFETIME_LIMIT;

    private static final String ENDPOINT_EXAMPLE = "https://example.webpubsub.azure.com";

    private final WebPubSubProperties properties;

    private final WebPubSubConnectionDetails connectionDetails;

    private final KeylessIdentity keylessIdentity;

    private final ObjectProvider<AccessKeyCredential> credential;

    private final boolean applicationCredential;

    /**
     * Creates the customizer.
     * @param credential the {@link AccessKeyCredential} bean, the starter's or the application's
     * @param applicationCredential whether the application defines that bean, which then supplies the key
     */
    StandardClientUrlFactoryBuilderCustomizer(WebPubSubProperties properties,
            WebPubSubConnectionDetails connectionDetails, KeylessIdentity keylessIdentity,
            ObjectProvider<AccessKeyCredential> credential, boolean applicationCredential) {
        this.properties = properties;
        this.connectionDetails = connectionDetails;
        this.keylessIdentity = keylessIdentity;
        this.credential = credential;
        this.applicationCredential = applicationCredential;
    }

    @Override
    public int getOrder() {
        return 0;
    }

    @Override
    public void customize(ClientUrlFactory.Builder builder) {
        Source endpointSource = endpointSource();
        URI endpoint = this.connectionDetails.getEndpoint();
        if (endpoint == null) {
            throw new WebPubSubConfigurationException(endpointSource.property(),
                    endpointSource.label() + " returned no endpoint.",
                    "Return the endpoint shown on the resource's Overview page, such as " + ENDPOINT_EXAMPLE + ".");
        }
        builder.endpoint(endpoint);
        String accessKey = accessKeyOrNull();
        if (accessKey != null || this.applicationCredential) {
            // The starter's credential was created from the same access key; the application's brings its own.
            builder.accessKey(this.credential.getObject());
            warnOfUnusedProviders();
            warnOfPlainHttp(endpoint, endpointSource);
        }
        else {
            BearerTokenProvider provider = this.keylessIdentity.provider(endpointSource, accessKeySource());
            requireCredentialPropertiesUsedBy(provider);
            builder.bearerTokenProvider(provider);
            applyServiceCallProperties(builder);
        }
        if (StringUtils.hasText(this.properties.getHub())) {
            builder.hub(this.properties.getHub());
        }
        builder.defaultLifetime(this.properties.getToken().getLifetime())
            .maxLifetime(requireBounded(this.properties.getToken().getMaxLifetime()));
        String reverseProxyEndpoint = this.properties.getService().getReverseProxyEndpoint();
        if (StringUtils.hasText(reverseProxyEndpoint)) {
            // Given in key mode too, where the core refuses it, so that the report names the property.
            builder.reverseProxyEndpoint(parseReverseProxyEndpoint(reverseProxyEndpoint));
        }
    }

    /**
     * The service-call settings of key-less mode. Key mode makes no service call and the core refuses them there; the
     * properties have defaults, so they are only applied where they take effect.
     */
    private void applyServiceCallProperties(ClientUrlFactory.Builder builder) {
        WebPubSubProperties.Service service = this.properties.getService();
        builder.connectTimeout(service.getConnectTimeout())
            .readTimeout(service.getReadTimeout())
            .serviceDeadline(service.getDeadline())
            .maxRetries(service.getMaxRetries());
    }

    /**
     * Bounds {@code webpubsub.token.max-lifetime} here, with the other property checks, so that a huge value fails
     * startup rather than a request (an expiry past the year 9999, or a minute count that overflows).
     */
    private static Duration requireBounded(Duration maxLifetime) {
        if (maxLifetime != null && maxLifetime.compareTo(MAX_LIFETIME_LIMIT) > 0) {
            throw new WebPubSubConfigurationException(MAX_LIFETIME, "'" + MAX_LIFETIME + "' is "
                    + DurationText.of(maxLifetime) + "; it must be at most " + DurationText.of(MAX_LIFETIME_LIMIT)
                    + ".", maxLifetimeFix());
        }
        return maxLifetime;
    }

    private static String maxLifetimeFix() {
        return "Set '" + MAX_LIFETIME + "' to a positive duration up to " + DurationText.of(MAX_LIFETIME_LIMIT)
                + ", such as 24h, or remove it for the default.";
    }

    /**
     * Key mode over plain http sends every client's token over unencrypted {@code ws://}. Allowed, for an emulator
     * in a container network, but said once at startup; the endpoint itself is never logged.
     */
    private static void warnOfPlainHttp(URI endpoint, Source endpointSource) {
        if ("http".equalsIgnoreCase(endpoint.getScheme()) && !LoopbackHosts.isLoopback(endpoint)
                && logger.isWarnEnabled()) {
            logger.warn(endpointSource.label() + " names a plain http endpoint that is not a loopback address: "
                    + "clients will connect over unencrypted ws:// and send their access tokens in clear text. Use "
                    + "https, unless the service is an emulator on a network that no one else can reach.");
        }
    }

    /**
     * Returns the access key of the connection details, after checking that an {@link AccessKeyCredential} bean of
     * the application's does not compete with it.
     */
    private @Nullable String accessKeyOrNull() {
        String accessKey = this.connectionDetails.getAccessKey();
        if (accessKey != null && this.applicationCredential) {
            Source source = accessKeySource();
            throw new WebPubSubConfigurationException(source.property(), "Both the application's "
                    + "AccessKeyCredential bean and " + source.label() + " supply an access key, so it is unclear "
                    + "which key signs the tokens.", (source.property() != null)
                            ? "Remove " + source.label() + " and keep 'webpubsub.endpoint' alone (the key comes from "
                                    + "the bean), or remove the AccessKeyCredential bean."
                            : "Have getAccessKey() return null (the key comes from the bean), or remove the "
                                    + "AccessKeyCredential bean.");
        }
        return accessKey;
    }

    /**
     * Creates the starter's {@link AccessKeyCredential} from the connection details' access key.
     * @return the credential
     * @throws WebPubSubConfigurationException in key-less mode, or if the key is invalid
     */
    AccessKeyCredential createAccessKeyCredential() {
        String accessKey = this.connectionDetails.getAccessKey();
        if (accessKey == null) {
            Source endpoint = endpointSource();
            throw new WebPubSubConfigurationException(endpoint.property(), "An AccessKeyCredential bean was asked "
                    + "for, but there is no access key: " + accessKeySource().label() + " is not set, which selects "
                    + "key-less mode (Microsoft Entra ID), where the service mints the tokens.",
                    "Set " + accessKeySource().label() + " to sign tokens with an access key, or do not inject "
                            + "AccessKeyCredential in key-less mode.");
        }
        try {
            return AccessKeyCredential.of(accessKey);
        }
        catch (InvalidWebPubSubSettingException ex) {
            throw invalidAccessKey(ex);
        }
    }

    /**
     * Creates what checks the access key at the interval of {@code webpubsub.key-rotation.check-interval}.
     * @param interval the interval
     * @return the refresher
     * @throws WebPubSubConfigurationException if the interval is not positive, or the key does not come from the
     * connection details
     */
    AccessKeyRefresher createAccessKeyRefresher(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new WebPubSubConfigurationException(CHECK_INTERVAL, "'" + CHECK_INTERVAL + "' is "
                    + DurationText.of(interval) + "; it must be positive.", "Set '" + CHECK_INTERVAL + "' to a "
                            + "positive duration such as 30s, or remove it to never check the access key for changes.");
        }
        if (this.applicationCredential) {
            throw new WebPubSubConfigurationException(CHECK_INTERVAL, "'" + CHECK_INTERVAL + "' is set, but the "
                    + "access key comes from the application's AccessKeyCredential bean, which the starter does not "
                    + "read again.", "Update the AccessKeyCredential bean from your own code and remove '"
                            + CHECK_INTERVAL + "', or remove the bean to have the starter read the key from the "
                            + "connection details.");
        }
        if (this.connectionDetails.getAccessKey() == null) {
            throw new WebPubSubConfigurationException(CHECK_INTERVAL, "'" + CHECK_INTERVAL + "' is set, but there "
                    + "is no access key to check: " + accessKeySource().label() + " is not set, which selects "
                    + "key-less mode (Microsoft Entra ID), where the service mints the tokens.",
                    "Remove '" + CHECK_INTERVAL + "', or set " + accessKeySource().label() + ".");
        }
        return new AccessKeyRefresher(this.connectionDetails::getAccessKey, this.credential.getObject(), interval,
                accessKeySource().label());
    }

    /**
     * Turns the core's refusal to build the factory into a report that names the setting at fault: a property (or
     * connection details method) when the properties alone fail the same way, else the builder customizers.
     * @param failure what {@link ClientUrlFactory.Builder#build()} threw
     * @return the exception to throw
     */
    WebPubSubConfigurationException explain(InvalidWebPubSubSettingException failure) {
        ClientUrlFactory.Builder fromPropertiesAlone = ClientUrlFactory.builder();
        customize(fromPropertiesAlone);
        try {
            fromPropertiesAlone.build();
        }
        catch (InvalidWebPubSubSettingException ex) {
            WebPubSubConfigurationException explained = explainPropertyFailure(ex);
            if (explained != null) {
                return explained;
            }
        }
        return new WebPubSubConfigurationException(null,
                "The ClientUrlFactory could not be built after the ClientUrlFactoryBuilderCustomizer beans ran. "
                        + failure.getMessage(),
                "Check what your ClientUrlFactoryBuilderCustomizer beans set on the builder.");
    }

    private @Nullable WebPubSubConfigurationException explainPropertyFailure(InvalidWebPubSubSettingException ex) {
        return switch (ex.setting()) {
            case ENDPOINT -> invalid(endpointSource(), ex, "Use the endpoint shown on the resource's Overview page, "
                    + "such as " + ENDPOINT_EXAMPLE + ", in " + endpointSource().label() + ".");
            case ACCESS_KEY, CONNECTION_STRING -> invalidAccessKey(ex);
            case HUB -> invalid(Source.property(HUB), ex,
                    "Set '" + HUB + "' to a hub name such as chat, or remove it and name the hub in each request.");
            case DEFAULT_LIFETIME -> invalid(Source.property(LIFETIME), ex, "Set '" + LIFETIME + "' to a positive "
                    + "duration such as 15m, at most '" + MAX_LIFETIME + "', or raise '" + MAX_LIFETIME + "'.");
            case MAX_LIFETIME -> invalid(Source.property(MAX_LIFETIME), ex, maxLifetimeFix());
            case REVERSE_PROXY_ENDPOINT -> invalid(Source.property(REVERSE_PROXY_ENDPOINT), ex,
                    (this.connectionDetails.getAccessKey() != null)
                            ? "Remove '" + REVERSE_PROXY_ENDPOINT + "': with an access key, tokens are signed "
                                    + "locally and no service is called. To have the service mint them through the "
                                    + "proxy, remove the access key instead (key-less mode)."
                            : "Set '" + REVERSE_PROXY_ENDPOINT + "' to the https address of the proxy, such as "
                                    + "https://example.azure-api.net/webpubsub.");
            case CONNECT_TIMEOUT -> invalid(Source.property(CONNECT_TIMEOUT), ex,
                    "Set '" + CONNECT_TIMEOUT + "' to a positive duration such as 5s, or remove it for the default.");
            case READ_TIMEOUT -> invalid(Source.property(READ_TIMEOUT), ex, "Set '" + READ_TIMEOUT + "' to a "
                    + "positive duration such as 10s, at most '" + DEADLINE + "', or lengthen '" + DEADLINE + "'.");
            case SERVICE_DEADLINE -> invalid(Source.property(DEADLINE), ex,
                    "Set '" + DEADLINE + "' to a positive duration such as 15s, or remove it for the default.");
            case MAX_RETRIES -> invalid(Source.property(MAX_RETRIES), ex,
                    "Set '" + MAX_RETRIES + "' to a number from 0 to 10, or remove it for the default of 3.");
            // Not set from properties: a customizer set them.
            case BEARER_TOKEN_PROVIDER, CLOCK -> null;
        };
    }

    private WebPubSubConfigurationException invalidAccessKey(InvalidWebPubSubSettingException ex) {
        return invalid(accessKeySource(), ex, "Copy a full access key (44 characters) from the Keys page of the Web "
                + "PubSub resource into " + accessKeySource().label() + ".");
    }

    private static WebPubSubConfigurationException invalid(Source source, InvalidWebPubSubSettingException ex,
            String action) {
        // The core's messages never quote endpoints, keys or connection strings. Its problem alone: the action says
        // how to fix it in properties, where the core's own fix would speak of builder methods.
        return new WebPubSubConfigurationException(source.property(), source.label() + " is invalid. "
                + ex.problem(), action);
    }

    private static URI parseReverseProxyEndpoint(String text) {
        try {
            return new URI(text.trim());
        }
        catch (URISyntaxException ex) {
            // The exception's own message quotes the input, so only the position is passed on.
            throw new WebPubSubConfigurationException(REVERSE_PROXY_ENDPOINT,
                    "'" + REVERSE_PROXY_ENDPOINT + "' is not a valid URI (error at index " + ex.getIndex() + ").",
                    "Set '" + REVERSE_PROXY_ENDPOINT + "' to the https address of the proxy, such as "
                            + "https://example.azure-api.net/webpubsub.");
        }
    }

    /**
     * The {@code webpubsub.credential.*} properties configure the credential that the starter builds; set next to a
     * provider of the application's, they would be silently ignored, and the service calls made as another identity.
     */
    private void requireCredentialPropertiesUsedBy(BearerTokenProvider provider) {
        if (provider instanceof AutoConfiguredBearerTokenProvider configured && configured.usesCredentialProperties()) {
            return;
        }
        WebPubSubProperties.Credential credential = this.properties.getCredential();
        String property = StringUtils.hasText(credential.getManagedIdentityClientId()) ? MANAGED_IDENTITY_CLIENT_ID
                : StringUtils.hasText(credential.getTenantId()) ? TENANT_ID : null;
        if (property != null) {
            String from = (provider instanceof AutoConfiguredBearerTokenProvider) ? "the application's TokenCredential "
                    + "bean" : "the BearerTokenProvider bean (" + provider.getClass().getName() + ")";
            throw new WebPubSubConfigurationException(property, "'" + property + "' is set, but the Microsoft Entra "
                    + "ID tokens come from " + from + ", which does not read it.",
                    "Configure the identity on that bean and remove '" + property + "', or remove the bean to let "
                            + "the starter build DefaultAzureCredential from the webpubsub.credential.* properties.");
        }
    }

    private void warnOfUnusedProviders() {
        List<String> unused = this.keylessIdentity.applicationProviderNames();
        if (!unused.isEmpty() && logger.isWarnEnabled()) {
            logger.warn("Web PubSub client tokens are signed with the access key from " + accessKeySource().label()
                    + "; the BearerTokenProvider bean(s) " + unused + " are not used. Remove the access key to have "
                    + "the service mint the tokens for a Microsoft Entra ID identity (key-less mode).");
        }
    }

    private Source endpointSource() {
        if (this.connectionDetails instanceof PropertiesWebPubSubConnectionDetails properties) {
            return Source.property(properties.endpointProperty());
        }
        return Source.bean(this.connectionDetails, "getEndpoint()");
    }

    private Source accessKeySource() {
        if (this.connectionDetails instanceof PropertiesWebPubSubConnectionDetails properties) {
            return properties.accessKeyFromFile() ? Source.file(properties.accessKeyProperty())
                    : Source.property(properties.accessKeyProperty());
        }
        return Source.bean(this.connectionDetails, "getAccessKey()");
    }

    /**
     * Names where a setting came from: a property (or environment variable), or a method of a user-defined
     * connection details bean.
     *
     * @param property the property, or {@code null} for a bean method
     * @param label how messages name the setting
     */
    record Source(@Nullable String property, String label) {

        static Source property(String name) {
            return new Source(name, "'" + name + "'");
        }

        static Source file(String property) {
            return new Source(property, "'" + property + "' (the file it names)");
        }

        static Source bean(WebPubSubConnectionDetails details, String method) {
            return new Source(null, method + " of the WebPubSubConnectionDetails bean ("
                    + details.getClass().getName() + ")");
        }

    }

}
