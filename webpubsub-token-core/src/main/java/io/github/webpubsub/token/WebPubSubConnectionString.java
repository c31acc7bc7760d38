package io.github.webpubsub.token;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.github.webpubsub.token.InvalidWebPubSubSettingException.Setting;

import static io.github.webpubsub.token.InvalidWebPubSubSettingException.attribute;

/**
 * A Web PubSub connection string, as the Keys page of the resource shows it:
 * {@code Endpoint=https://<name>.webpubsub.azure.com;AccessKey=<key>;Version=1.0;},
 * optionally with {@code Port=<n>;}.
 *
 * <p>
 * Segments are split on {@code ;} and each on its first {@code =} (keys end in
 * {@code =}); names are case-insensitive, names and values are trimmed, empty segments
 * and unknown names are ignored. {@code Endpoint} and {@code AccessKey} are required, and
 * no name may appear twice. Error messages and {@link #toString()} never contain the
 * access key.
 *
 * <pre>{@code
 * WebPubSubConnectionString connection = WebPubSubConnectionString.parse(System.getenv("WEBPUBSUB_CONNECTION_STRING"));
 * ClientUrlFactory factory = ClientUrlFactory.builder().connectionString(connection).hub("chat").build();
 * }</pre>
 */
public final class WebPubSubConnectionString {

    private static final String ENDPOINT = "endpoint";

    private static final String ACCESS_KEY = "accesskey";

    private static final String PORT = "port";

    private final ServiceEndpoint endpoint;

    private final String accessKey;

    private WebPubSubConnectionString(ServiceEndpoint endpoint, String accessKey) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
    }

    /**
     * Parses a connection string.
     * @param connectionString the connection string
     * @return the parsed connection string
     * @throws InvalidWebPubSubSettingException if it is malformed, with the setting
     * {@link Setting#CONNECTION_STRING}; the message says what to fix and never contains
     * the key
     */
    public static WebPubSubConnectionString parse(String connectionString) {
        if (connectionString == null || connectionString.isBlank()) {
            throw invalid("it is empty");
        }
        Map<String, String> values = new HashMap<>();
        Map<String, String> spelledAs = new HashMap<>();
        for (String segment : connectionString.split(";")) {
            if (segment.isBlank()) {
                continue;
            }
            int equals = segment.indexOf('=');
            if (equals < 0) {
                throw invalid("a segment has no '=' (segments are Name=Value, separated by ';')");
            }
            String name = segment.substring(0, equals).trim();
            String key = name.toLowerCase(Locale.ROOT);
            String value = segment.substring(equals + 1).trim();
            if (!key.equals(ENDPOINT) && !key.equals(ACCESS_KEY) && !key.equals(PORT)) {
                continue;
            }
            if (values.putIfAbsent(key, value) != null) {
                throw invalid(spelledAs.get(key) + " appears twice; keep exactly one");
            }
            spelledAs.put(key, name);
        }
        String endpointText = values.get(ENDPOINT);
        if (endpointText == null || endpointText.isEmpty()) {
            throw invalid("Endpoint is missing or empty; add Endpoint=https://<name>.webpubsub.azure.com");
        }
        if (endpointText.toLowerCase(Locale.ROOT).contains(ACCESS_KEY + "=")) {
            // A separator other than ';' (a comma, a space) leaves the key inside the
            // Endpoint value.
            throw invalid("the Endpoint value holds 'AccessKey='; separate the segments with ';', not ',' or spaces");
        }
        String accessKey = values.get(ACCESS_KEY);
        if (accessKey == null || accessKey.isEmpty()) {
            throw invalid(
                    "AccessKey is missing or empty; add AccessKey=<key> as shown on the Keys page of the resource");
        }
        ServiceEndpoint endpoint = attribute(Setting.CONNECTION_STRING,
                () -> ServiceEndpoint.parse(endpointText, "Endpoint of the connection string"));
        String port = values.get(PORT);
        if (port != null) {
            endpoint = endpoint.withPort(parsePort(port));
        }
        return new WebPubSubConnectionString(endpoint,
                attribute(Setting.CONNECTION_STRING, () -> AccessKeySigner.requireValidKey(accessKey)));
    }

    /**
     * Creates a connection string from an endpoint and an access key.
     * @param endpoint the endpoint, such as {@code https://<name>.webpubsub.azure.com}
     * @param accessKey one of the resource's access keys
     * @return the connection string
     * @throws InvalidWebPubSubSettingException if either value is invalid, with the
     * setting {@link Setting#ENDPOINT} or {@link Setting#ACCESS_KEY}
     */
    public static WebPubSubConnectionString of(URI endpoint, String accessKey) {
        ServiceEndpoint validEndpoint = attribute(Setting.ENDPOINT, () -> ServiceEndpoint.of(endpoint, "Endpoint"));
        return new WebPubSubConnectionString(validEndpoint,
                attribute(Setting.ACCESS_KEY, () -> AccessKeySigner.requireValidKey(accessKey)));
    }

    /**
     * Returns the endpoint, with the connection string's {@code Port} applied and without
     * a trailing {@code /}.
     * @return for example {@code https://example.webpubsub.azure.com}
     */
    public URI endpoint() {
        return this.endpoint.uri();
    }

    /**
     * Returns the access key. Keep it out of logs and messages.
     * @return the access key
     */
    public String accessKey() {
        return this.accessKey;
    }

    ServiceEndpoint serviceEndpoint() {
        return this.endpoint;
    }

    private static int parsePort(String port) {
        String fix = "Port must be a whole number from 1 to 65535, or be left out to use the endpoint's port";
        // ASCII digits only: Integer.parseInt would also take a sign and non-ASCII
        // digits.
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(fix);
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
            throw invalid(fix);
        }
        return value;
    }

    private static InvalidWebPubSubSettingException invalid(String problem) {
        return new InvalidWebPubSubSettingException(Setting.CONNECTION_STRING,
                "Invalid Web PubSub connection string: " + problem
                        + ". The expected form is Endpoint=https://<name>.webpubsub.azure.com;AccessKey=<key>;"
                        + "Version=1.0;");
    }

    @Override
    public boolean equals(Object other) {
        return (other instanceof WebPubSubConnectionString that) && this.endpoint.equals(that.endpoint)
                && this.accessKey.equals(that.accessKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.endpoint, this.accessKey);
    }

    @Override
    public String toString() {
        return "WebPubSubConnectionString[endpoint=" + this.endpoint + ", accessKey=******]";
    }

}
