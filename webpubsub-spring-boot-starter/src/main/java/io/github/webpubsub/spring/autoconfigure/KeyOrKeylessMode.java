package io.github.webpubsub.spring.autoconfigure;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.webpubsub.token.AccessKeyCredential;
import io.github.webpubsub.token.BearerTokenProvider;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.support.LoopbackHosts;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.StringUtils;

import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.CREDENTIAL_MANAGED_IDENTITY_CLIENT_ID;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.CREDENTIAL_TENANT_ID;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.ENDPOINT;

/**
 * Selects the mode and gives the builder what the mode signs with. An access key, or an
 * {@link AccessKeyCredential} bean of the application's, means key mode, where tokens are
 * signed with the {@link AccessKeyCredential} bean (so that the key can be replaced at
 * runtime); an endpoint without either means key-less mode, with the
 * {@link BearerTokenProvider} that {@link KeylessIdentity} finds.
 */
final class KeyOrKeylessMode {

    // The category of the customizer that applies the mode: its startup warnings are
    // logged, and tuned, there.
    private static final Log logger = LogFactory.getLog(StandardClientUrlFactoryBuilderCustomizer.class);

    private final WebPubSubProperties properties;

    private final WebPubSubConnectionDetails connectionDetails;

    private final KeylessIdentity keylessIdentity;

    private final ObjectProvider<AccessKeyCredential> credential;

    private final boolean applicationCredential;

    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * Creates the selection.
     * @param credential the {@link AccessKeyCredential} bean, the starter's or the
     * application's
     * @param applicationCredential whether the application defines that bean, which then
     * supplies the key
     */
    KeyOrKeylessMode(WebPubSubProperties properties, WebPubSubConnectionDetails connectionDetails,
            KeylessIdentity keylessIdentity, ObjectProvider<AccessKeyCredential> credential,
            boolean applicationCredential) {
        this.properties = properties;
        this.connectionDetails = connectionDetails;
        this.keylessIdentity = keylessIdentity;
        this.credential = credential;
        this.applicationCredential = applicationCredential;
    }

    /**
     * Sets the access key (key mode) or the bearer token provider (key-less mode) of the
     * builder.
     * @param builder the builder
     * @param endpoint the endpoint of the connection details
     * @return {@code true} for key-less mode, where the factory calls the service;
     * {@code false} for key mode
     * @throws WebPubSubConfigurationException if the settings select no mode
     * unambiguously, or key-less mode has no identity
     */
    boolean applyTo(ClientUrlFactory.Builder builder, URI endpoint) {
        String accessKey = accessKeyOrNull();
        if (accessKey != null || this.applicationCredential) {
            // The starter's credential was created from the same access key; the
            // application's brings its own.
            builder.accessKey(this.credential.getObject());
            // Once: a failed build applies the mode again to find the setting at fault.
            if (this.warned.compareAndSet(false, true)) {
                warnOfUnusedProviders();
                warnOfPlainHttp(endpoint);
            }
            return false;
        }
        BearerTokenProvider provider = this.keylessIdentity.provider(SettingSource.endpointOf(this.connectionDetails),
                SettingSource.accessKeyOf(this.connectionDetails));
        requireCredentialPropertiesUsedBy(provider);
        builder.bearerTokenProvider(provider);
        return true;
    }

    /**
     * Returns the access key of the connection details, after checking that an
     * {@link AccessKeyCredential} bean of the application's does not compete with it.
     */
    private @Nullable String accessKeyOrNull() {
        String accessKey = this.connectionDetails.getAccessKey();
        if (accessKey != null && this.applicationCredential) {
            SettingSource source = SettingSource.accessKeyOf(this.connectionDetails);
            throw new WebPubSubConfigurationException(source.property(),
                    "Both the application's AccessKeyCredential bean and " + source.label()
                            + " supply an access key, so it is unclear which key signs the tokens.",
                    (source.property() != null)
                            ? "Remove " + source.label() + " and keep '" + ENDPOINT + "' alone (the key comes from "
                                    + "the bean), or remove the AccessKeyCredential bean."
                            : "Have getAccessKey() return null (the key comes from the bean), or remove the "
                                    + "AccessKeyCredential bean.");
        }
        return accessKey;
    }

    /**
     * Key mode over plain http sends every client's token over unencrypted {@code ws://}.
     * Allowed, for an emulator in a container network, but said once at startup; the
     * endpoint itself is never logged.
     */
    private void warnOfPlainHttp(URI endpoint) {
        if ("http".equalsIgnoreCase(endpoint.getScheme()) && !LoopbackHosts.isLoopback(endpoint)
                && logger.isWarnEnabled()) {
            logger.warn(SettingSource.endpointOf(this.connectionDetails).label() + " names a plain http endpoint "
                    + "that is not a loopback address: clients will connect over unencrypted ws:// and send their "
                    + "access tokens in clear text. Use https, unless the service is an emulator on a network that no "
                    + "one else can reach.");
        }
    }

    private void warnOfUnusedProviders() {
        List<String> unused = this.keylessIdentity.applicationProviderNames();
        if (!unused.isEmpty() && logger.isWarnEnabled()) {
            logger.warn("Web PubSub client tokens are signed with the access key from "
                    + SettingSource.accessKeyOf(this.connectionDetails).label() + "; the BearerTokenProvider bean(s) "
                    + unused + " are not used. Remove the access key to have the service mint the tokens for a "
                    + "Microsoft Entra ID identity (key-less mode).");
        }
    }

    /**
     * The {@code webpubsub.credential.*} properties configure the credential that the
     * starter builds; set next to a provider of the application's, they would be silently
     * ignored, and the service calls made as another identity.
     */
    private void requireCredentialPropertiesUsedBy(BearerTokenProvider provider) {
        if (provider instanceof AutoConfiguredBearerTokenProvider configured && configured.usesCredentialProperties()) {
            return;
        }
        WebPubSubProperties.Credential credential = this.properties.getCredential();
        String property = StringUtils.hasText(credential.getManagedIdentityClientId())
                ? CREDENTIAL_MANAGED_IDENTITY_CLIENT_ID
                : StringUtils.hasText(credential.getTenantId()) ? CREDENTIAL_TENANT_ID : null;
        if (property != null) {
            String from = (provider instanceof AutoConfiguredBearerTokenProvider)
                    ? "the application's TokenCredential bean"
                    : "the BearerTokenProvider bean (" + provider.getClass().getName() + ")";
            throw new WebPubSubConfigurationException(property,
                    "'" + property + "' is set, but the Microsoft Entra ID tokens come from " + from
                            + ", which does not read it.",
                    "Configure the identity on that bean and remove '" + property + "', or remove the bean to let "
                            + "the starter build DefaultAzureCredential from the webpubsub.credential.* properties.");
        }
    }

}
