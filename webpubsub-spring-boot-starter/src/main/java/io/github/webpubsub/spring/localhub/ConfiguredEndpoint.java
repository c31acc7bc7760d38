package io.github.webpubsub.spring.localhub;

import java.net.URI;
import java.net.URISyntaxException;

import io.github.webpubsub.localhub.LocalWebPubSubHub;
import io.github.webpubsub.token.InvalidWebPubSubSettingException;
import io.github.webpubsub.token.WebPubSubConnectionString;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import static io.github.webpubsub.spring.localhub.LocalHubPropertyNames.ACCESS_KEY;
import static io.github.webpubsub.spring.localhub.LocalHubPropertyNames.ACCESS_KEY_FILE;
import static io.github.webpubsub.spring.localhub.LocalHubPropertyNames.CONNECTION_STRING;
import static io.github.webpubsub.spring.localhub.LocalHubPropertyNames.ENDPOINT;
import static io.github.webpubsub.spring.localhub.LocalHubPropertyNames.SERVICE_CONNECTOR_VARIABLE;

/**
 * The endpoint the application is configured for, read from the environment the way the
 * starter reads it ({@code webpubsub.connection-string}, else {@code webpubsub.endpoint}
 * with or without a key, else the {@code AZURE_WEBPUBSUB_CONNECTIONSTRING} variable), as
 * far as the local hub needs it: is there one, is it served by the local hub, and does it
 * come with a key. Settings the starter would refuse count as {@link Kind#INVALID}: the
 * starter reports them. Nothing here holds or prints the key.
 *
 * @param kind what is configured
 * @param endpoint the endpoint, if one is readable
 * @param property the setting it comes from, for the condition report
 */
record ConfiguredEndpoint(Kind kind, @Nullable URI endpoint, String property) {

    static ConfiguredEndpoint of(Environment environment) {
        Binder binder = Binder.get(environment);
        String connectionString = text(binder, CONNECTION_STRING);
        if (connectionString != null) {
            return fromConnectionString(connectionString, CONNECTION_STRING);
        }
        String endpoint = text(binder, ENDPOINT);
        boolean keyed = text(binder, ACCESS_KEY) != null || text(binder, ACCESS_KEY_FILE) != null;
        if (endpoint != null) {
            try {
                return new ConfiguredEndpoint(keyed ? Kind.KEYED : Kind.KEYLESS, new URI(endpoint.strip()), ENDPOINT);
            }
            catch (URISyntaxException ex) {
                return new ConfiguredEndpoint(Kind.INVALID, null, ENDPOINT);
            }
        }
        if (keyed) {
            return new ConfiguredEndpoint(Kind.INVALID, null, ENDPOINT);
        }
        String serviceConnector = environment.getProperty(SERVICE_CONNECTOR_VARIABLE);
        if (StringUtils.hasText(serviceConnector)) {
            return fromConnectionString(serviceConnector, SERVICE_CONNECTOR_VARIABLE);
        }
        return new ConfiguredEndpoint(Kind.NONE, null, CONNECTION_STRING);
    }

    private static ConfiguredEndpoint fromConnectionString(String connectionString, String property) {
        try {
            return new ConfiguredEndpoint(Kind.KEYED, WebPubSubConnectionString.parse(connectionString).endpoint(),
                    property);
        }
        catch (InvalidWebPubSubSettingException ex) {
            return new ConfiguredEndpoint(Kind.INVALID, null, property);
        }
    }

    private static @Nullable String text(Binder binder, String property) {
        String value = binder.bind(property, String.class).map(String::strip).orElse(null);
        return StringUtils.hasText(value) ? value : null;
    }

    /** Whether the local hub can serve the endpoint: plain http on this machine. */
    boolean isServable() {
        return this.endpoint != null && LocalWebPubSubHub.canServe(this.endpoint);
    }

    /** What the application is configured for. */
    enum Kind {

        /** No endpoint at all. */
        NONE,

        /** An endpoint with an access key. */
        KEYED,

        /** An endpoint without a key: key-less mode. */
        KEYLESS,

        /** Settings the starter refuses, and reports. */
        INVALID

    }

}
