package io.github.webpubsub.spring.autoconfigure;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the Web PubSub secrets in the actuator's {@code /env} and {@code /configprops}
 * endpoints, also when {@code show-values} is {@code always}: once values are shown, Boot
 * masks nothing by itself.
 *
 * <p>
 * Keys are compared without case and separators, so {@code webpubsub.connection-string},
 * {@code webpubsub.connectionString} (as {@code /configprops} names it) and
 * {@code WEBPUBSUB_CONNECTIONSTRING} all match. Any value that holds an
 * {@code AccessKey=} segment is masked too, whatever its key, which catches a connection
 * string kept under a name of the application's own.
 */
final class WebPubSubSanitizingFunction implements SanitizingFunction {

    private static final Set<String> SECRET_KEYS = Set.of(normalize(WebPubSubPropertyNames.CONNECTION_STRING),
            normalize(WebPubSubPropertyNames.ACCESS_KEY), normalize(WebPubSubPropertyNames.SERVICE_CONNECTOR_VARIABLE));

    private static final Pattern CONNECTION_STRING_VALUE = Pattern.compile("(?i)(^|.*;)\\s*AccessKey\\s*=.*",
            Pattern.DOTALL);

    private static final Predicate<SanitizableData> SECRET = (data) -> SECRET_KEYS.contains(normalize(data.getKey()))
            || (data.getValue() instanceof CharSequence value && CONNECTION_STRING_VALUE.matcher(value).matches());

    @Override
    public Predicate<SanitizableData> filter() {
        return SECRET;
    }

    @Override
    public SanitizableData apply(SanitizableData data) {
        return data.withSanitizedValue();
    }

    private static String normalize(String key) {
        StringBuilder normalized = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                normalized.append(c);
            }
        }
        return normalized.toString().toLowerCase(Locale.ROOT);
    }

}
