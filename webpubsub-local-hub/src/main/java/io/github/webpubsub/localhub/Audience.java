package io.github.webpubsub.localhub;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The {@code aud} check: the token names the address it is presented at. Addresses are
 * compared as URIs, so that scheme and host ignore case and an omitted port is the
 * scheme's default; the path must be the same, and so must the query where one belongs to
 * the address (the REST API signs the whole request URL, query included).
 */
final class Audience {

    private Audience() {
    }

    /**
     * Checks a token's {@code aud} claim against the address it was presented at.
     * @param claim the claim: a string, or an array of strings of which one must match
     * @param expected the address
     * @throws InvalidAccessTokenException if no audience names the address
     */
    static void require(@Nullable Object claim, URI expected) {
        List<String> audiences = strings(claim);
        if (audiences.stream().noneMatch((audience) -> sameAddress(audience, expected))) {
            throw InvalidAccessTokenException.audience(audiences.isEmpty() ? null : String.join(", ", audiences),
                    expected.toString());
        }
    }

    private static boolean sameAddress(String audience, URI expected) {
        URI actual;
        try {
            actual = new URI(audience);
        }
        catch (URISyntaxException ex) {
            return false;
        }
        return actual.isAbsolute() && actual.getHost() != null && actual.getRawFragment() == null
                && actual.getRawUserInfo() == null && actual.getScheme().equalsIgnoreCase(expected.getScheme())
                && actual.getHost().toLowerCase(Locale.ROOT).equals(expected.getHost().toLowerCase(Locale.ROOT))
                && port(actual) == port(expected) && actual.getRawPath().equals(expected.getRawPath())
                && Objects.equals(actual.getRawQuery(), expected.getRawQuery());
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /**
     * A claim that may hold one string or an array of them; anything else counts as
     * absent.
     */
    static List<String> strings(@Nullable Object claim) {
        if (claim instanceof String value) {
            return List.of(value);
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

}
