package io.github.webpubsub.sample.devhub;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import io.github.webpubsub.token.WebPubSubConnectionString;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches while {@code webpubsub.connection-string}, or else {@code webpubsub.endpoint} with an access key (as with
 * {@code webpubsub.access-key-file}), names an endpoint on this machine: {@code localhost}, an address in
 * {@code 127.0.0.0/8}, or {@code [::1]} (see {@link Loopback}: names are never looked up). Any other endpoint is a
 * real service, and the development hub stays off; so does key-less mode (an endpoint without a key), whose tokens
 * only the real service can mint and check.
 *
 * <p>The outcome appears in Boot's condition evaluation report ({@code --debug}); it never contains the key.
 */
final class OnLocalEndpointCondition extends SpringBootCondition {

    static final String CONNECTION_STRING = "webpubsub.connection-string";

    static final String ENDPOINT = "webpubsub.endpoint";

    static final String ACCESS_KEY = "webpubsub.access-key";

    static final String ACCESS_KEY_FILE = "webpubsub.access-key-file";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return outcome(context.getEnvironment());
    }

    /**
     * Decides, from the environment alone, whether the local development hub serves.
     * @param environment the application's environment
     * @return the outcome, with its reason
     */
    static ConditionOutcome outcome(Environment environment) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("Local development hub");
        Optional<URI> configured;
        try {
            configured = configuredEndpoint(environment);
        }
        catch (IllegalArgumentException ex) {
            // Reported by whatever else reads the property; the parser's message never holds the key.
            return ConditionOutcome.noMatch(message.because(CONNECTION_STRING + " is invalid: " + ex.getMessage()));
        }
        if (configured.isEmpty()) {
            return ConditionOutcome.noMatch(message.didNotFind("property").items(CONNECTION_STRING, ENDPOINT));
        }
        URI endpoint = configured.get();
        if (!Loopback.isLoopback(endpoint)) {
            return ConditionOutcome.noMatch(message.because("the endpoint is not a loopback address"));
        }
        return ConditionOutcome.match(message.because("the endpoint is a loopback address"));
    }

    /**
     * Returns the configured endpoint: the connection string's, else {@code webpubsub.endpoint}. An endpoint that is
     * no URI counts as none; the starter reports it.
     * @throws IllegalArgumentException if the connection string is invalid; the message never holds the key
     */
    static Optional<URI> configuredEndpoint(Environment environment) {
        Optional<String> connectionString = configuredConnectionString(environment);
        if (connectionString.isPresent()) {
            return Optional.of(WebPubSubConnectionString.parse(connectionString.get()).endpoint());
        }
        Binder binder = Binder.get(environment);
        boolean keyed = hasText(binder, ACCESS_KEY) || hasText(binder, ACCESS_KEY_FILE);
        String endpoint = binder.bind(ENDPOINT, String.class).orElse(null);
        return (keyed && endpoint != null && !endpoint.isBlank()) ? absoluteUri(endpoint.strip()) : Optional.empty();
    }

    /**
     * Names the setting the access key comes from, as the starter's messages name it.
     * @param environment the environment of an application whose hub serves
     * @return such as {@code 'webpubsub.access-key-file' (the file it names)}
     */
    static String accessKeySource(Environment environment) {
        Binder binder = Binder.get(environment);
        if (configuredConnectionString(environment).isPresent()) {
            return "'" + CONNECTION_STRING + "'";
        }
        return hasText(binder, ACCESS_KEY_FILE) ? "'" + ACCESS_KEY_FILE + "' (the file it names)"
                : "'" + ACCESS_KEY + "'";
    }

    private static boolean hasText(Binder binder, String property) {
        return binder.bind(property, String.class).map((value) -> !value.isBlank()).orElse(false);
    }

    private static Optional<URI> absoluteUri(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
        }
        catch (URISyntaxException ex) {
            return Optional.empty();
        }
    }

    /**
     * Returns the configured connection string, bound with Boot's relaxed rules (so an environment variable
     * {@code WEBPUBSUB_CONNECTIONSTRING} counts too).
     */
    static Optional<String> configuredConnectionString(Environment environment) {
        String value = Binder.get(environment).bind(CONNECTION_STRING, String.class).orElse(null);
        return Optional.ofNullable(value).filter((text) -> !text.isBlank());
    }

}
