package io.github.webpubsub.sample.devhub;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

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
 * {@code 127.0.0.0/8}, or {@code [::1]}. Any other endpoint is a real service, and the development hub stays off; so
 * does key-less mode (an endpoint without a key), whose tokens only the real service can mint and check.
 *
 * <p>The outcome appears in Boot's condition evaluation report ({@code --debug}); it never contains the key.
 */
final class OnLocalEndpointCondition extends SpringBootCondition {

    static final String CONNECTION_STRING = "webpubsub.connection-string";

    static final String ENDPOINT = "webpubsub.endpoint";

    private static final String ACCESS_KEY = "webpubsub.access-key";

    private static final String ACCESS_KEY_FILE = "webpubsub.access-key-file";

    /** A dotted-quad IPv4 literal; host names are never resolved, so {@code 127.example.com} is not loopback. */
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("Local development hub");
        Optional<URI> configured;
        try {
            configured = configuredEndpoint(context.getEnvironment());
        }
        catch (IllegalArgumentException ex) {
            // Reported by whatever else reads the property; the parser's message never holds the key.
            return ConditionOutcome.noMatch(message.because(CONNECTION_STRING + " is invalid: " + ex.getMessage()));
        }
        if (configured.isEmpty()) {
            return ConditionOutcome.noMatch(message.didNotFind("property").items(CONNECTION_STRING, ENDPOINT));
        }
        URI endpoint = configured.get();
        if (!isLoopback(endpoint)) {
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

    /**
     * Tells whether an endpoint's host is this machine, without any name lookup.
     * @param endpoint an absolute URI
     * @return {@code true} for {@code localhost}, {@code 127.x.y.z} and {@code [::1]}
     */
    static boolean isLoopback(URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.equals("localhost")) {
            return true;
        }
        if (IPV4_LITERAL.matcher(host).matches()) {
            String[] octets = host.split("\\.");
            for (String octet : octets) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(octets[0]) == 127;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            try {
                // The URI parser has checked the IPv6 literal, so this parses it and never looks a name up.
                return InetAddress.getByName(host.substring(1, host.length() - 1)).isLoopbackAddress();
            }
            catch (UnknownHostException ex) {
                return false;
            }
        }
        return false;
    }

}
