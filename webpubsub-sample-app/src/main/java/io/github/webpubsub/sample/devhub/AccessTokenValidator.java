package io.github.webpubsub.sample.devhub;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.github.webpubsub.spring.autoconfigure.WebPubSubConfigurationException;
import io.github.webpubsub.token.AccessKeyCredential;
import io.github.webpubsub.token.WebPubSubConnectionString;
import io.github.webpubsub.token.WebPubSubRole;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SecurityException;
import io.jsonwebtoken.security.SignatureException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Checks a client access token as the service does before it accepts a connection: a JWS signed with HS256 by the
 * access key (the UTF-8 bytes of the key string), whose {@code aud} is the endpoint's address of the hub in the
 * request, with an {@code exp} in the future and any {@code nbf} in the past. Other algorithms, unsigned ({@code none})
 * and encrypted tokens are refused.
 *
 * <p>Both time checks allow {@link #CLOCK_SKEW}, so that a token minted on a host whose clock runs a little ahead or
 * behind is not refused for it.
 *
 * <p>Like the service, which has two access keys and accepts tokens signed with either until one is regenerated, the
 * validator accepts two keys: the one the application's key source holds now, read again at each validation, and
 * the one it held before. So the hub follows a key rotated at runtime ({@code webpubsub.access-key-file} with
 * {@code webpubsub.key-rotation.check-interval}), tokens signed with the previous key keep working until they
 * expire, and a switch to a third key stands for regenerating the oldest one.
 *
 * <p>A key read from the source must pass the factory's own checks ({@link AccessKeyCredential#of(String)}) and be
 * no connection string, and becomes the current key only once it is read twice in a row: an empty, half-written or
 * otherwise unusable read changes nothing (logged once, naming the setting, never the value), and never turns a
 * handshake into an error.
 */
final class AccessTokenValidator {

    /** How far {@code exp} and {@code nbf} may be off. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private static final Pattern HUB_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");

    private static final String ROLE_CLAIM = "role";

    private static final String GROUP_CLAIM = "webpubsub.group";

    private static final Log logger = LogFactory.getLog(AccessTokenValidator.class);

    private final URI endpoint;

    private final Supplier<@Nullable String> accessKey;

    private final String accessKeySource;

    private final Clock clock;

    /** The keys tokens may be signed with; replaced, never changed. */
    private volatile Keys keys;

    /** The problem with the key's source logged last, until a read succeeds; guarded by {@code this}. */
    private @Nullable String loggedProblem;

    /**
     * Creates a validator for tokens of one Web PubSub endpoint, signed with one fixed key.
     * @param connection the endpoint tokens name in their audience, and the key that signs them
     * @param clock the clock that decides whether a token has expired
     */
    AccessTokenValidator(WebPubSubConnectionString connection, Clock clock) {
        this(connection.endpoint(), connection::accessKey, "'" + OnLocalEndpointCondition.CONNECTION_STRING + "'",
                clock);
    }

    /**
     * Creates a validator for tokens of one Web PubSub endpoint, signed with the key the application holds at the
     * time or the one it held before.
     * @param endpoint the endpoint tokens name in their audience
     * @param accessKey reads the access key the application signs with now; asked at each validation, may throw
     * @param accessKeySource how log lines name where the key comes from, such as {@code 'webpubsub.access-key-file'
     * (the file it names)}; never the key or a path
     * @param clock the clock that decides whether a token has expired
     */
    AccessTokenValidator(URI endpoint, Supplier<@Nullable String> accessKey, String accessKeySource, Clock clock) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.accessKeySource = accessKeySource;
        this.clock = clock;
        // The key at startup is taken at once (the application signs with it already); later ones are confirmed.
        String key = usableKey();
        this.keys = (key != null) ? new Keys(new Key(key, parser(key)), null, null) : Keys.NONE;
    }

    private JwtParser parser(String accessKey) {
        SecretKey key = new SecretKeySpec(accessKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        return Jwts.parser()
                .sig().clear().add(Jwts.SIG.HS256).and() // HS256 only, as the service
                .verifyWith(key)
                .clock(() -> Date.from(this.clock.instant()))
                .clockSkewSeconds(CLOCK_SKEW.toSeconds())
                .build();
    }

    /**
     * Reads the key's source and returns the keys to check with. A key that differs from the current one is adopted
     * only when the same key is read twice in a row (so that a file caught half-written never displaces the previous
     * key); until then it is pending, and tokens signed with it are accepted too, as the application may sign with
     * it already. A read that fails, or finds no usable key, changes nothing but forgets a pending key.
     */
    private synchronized Keys currentKeys() {
        String key = usableKey();
        Keys keys = (key != null) ? this.keys.afterReading(key, this::parser) : this.keys.withoutPending();
        if (keys.current() != this.keys.current()) {
            logger.info("The local development hub checks tokens with the new access key from " + this.accessKeySource
                    + " now" + ((keys.previous() != null) ? ", and still with the one before it." : "."));
        }
        this.keys = keys;
        return keys;
    }

    /**
     * Reads the key's source and checks the key as the factory does; logs a problem once (without the value) and
     * returns {@code null} if there is no usable key.
     */
    private synchronized @Nullable String usableKey() {
        String key;
        try {
            key = this.accessKey.get();
        }
        catch (WebPubSubConfigurationException ex) {
            // The starter's own, such as a file that cannot be read: names the setting, never the value.
            return unusable(ex.getMessage());
        }
        catch (RuntimeException ex) {
            return unusable("Reading the access key from " + this.accessKeySource + " failed ("
                    + ex.getClass().getName() + ").");
        }
        String problem = problem(key);
        if (problem != null) {
            return unusable(problem);
        }
        this.loggedProblem = null;
        return key;
    }

    private @Nullable String problem(@Nullable String key) {
        if (key == null) {
            return this.accessKeySource + " holds no access key.";
        }
        String lowerCase = key.toLowerCase(Locale.ROOT);
        if (lowerCase.contains("accesskey=") || lowerCase.contains("endpoint=")) {
            return this.accessKeySource + " holds a connection string rather than an access key: put the AccessKey "
                    + "value alone there.";
        }
        try {
            AccessKeyCredential.of(key);
            return null;
        }
        catch (IllegalArgumentException ex) {
            // The core's messages state the rule the key breaks, never the key.
            return "The access key from " + this.accessKeySource + " is invalid. " + ex.getMessage();
        }
    }

    private @Nullable String unusable(String problem) {
        if (!problem.equals(this.loggedProblem)) {
            logger.warn(problem + " The local development hub keeps checking tokens with the keys it has.");
            this.loggedProblem = problem;
        }
        return null;
    }

    /**
     * Tells whether a hub name is one the service accepts.
     * @param hub the hub name from a request path
     * @return {@code true} for 1 to 128 letters, digits and underscores, starting with a letter
     */
    static boolean isValidHub(String hub) {
        return hub != null && HUB_NAME.matcher(hub).matches();
    }

    /**
     * Verifies a token for a connection to a hub.
     * @param token the compact JWS from the {@code access_token} parameter or the {@code Authorization} header
     * @param hub the hub the client connects to, a {@linkplain #isValidHub(String) valid} name
     * @return the client's identity
     * @throws InvalidAccessTokenException if the service would refuse the token; the message says why
     */
    ClientIdentity validate(String token, String hub) {
        if (!isValidHub(hub)) {
            throw new IllegalArgumentException("Hub name is invalid; check isValidHub(..) first");
        }
        if (token == null || token.isBlank()) {
            throw new InvalidAccessTokenException("No access token: pass it as the access_token query parameter or "
                    + "an 'Authorization: Bearer' header, as in the Client Access URL the server issued.");
        }
        Claims claims = verifiedClaims(token);
        if (claims.getExpiration() == null) {
            throw new InvalidAccessTokenException("The access token has no exp claim; the service requires one.");
        }
        URI expectedAudience = audience(hub);
        Set<String> audience = claims.getAudience();
        if (audience == null || audience.stream().noneMatch((aud) -> sameAddress(aud, expectedAudience))) {
            throw new InvalidAccessTokenException("The access token's audience " + audience + " is not this hub, "
                    + expectedAudience + ": the token was issued for another endpoint or hub.");
        }
        return new ClientIdentity(claims.getSubject(), roles(claims.get(ROLE_CLAIM)), strings(claims.get(GROUP_CLAIM)));
    }

    private Claims verifiedClaims(String token) {
        List<JwtParser> parsers = currentKeys().parsers();
        if (parsers.isEmpty()) {
            throw new InvalidAccessTokenException("The local development hub has no usable access key yet (its log "
                    + "says why), so it cannot verify any token.");
        }
        try {
            SignatureException mismatch = null;
            for (JwtParser parser : parsers) {
                try {
                    return parser.parseSignedClaims(token).getPayload();
                }
                catch (SignatureException ex) {
                    mismatch = ex;
                }
            }
            throw mismatch;
        }
        catch (ExpiredJwtException ex) {
            throw new InvalidAccessTokenException("The access token expired at " + ex.getClaims().getExpiration().toInstant()
                    + "; ask the server for a new Client Access URL.");
        }
        catch (PrematureJwtException ex) {
            throw new InvalidAccessTokenException("The access token is not valid before "
                    + ex.getClaims().getNotBefore().toInstant() + ".");
        }
        catch (SecurityException ex) {
            // jjwt raises this for a wrong signature and for a signing algorithm other than HS256 alike.
            throw new InvalidAccessTokenException("The access token is not signed with HS256 and this hub's access key: "
                    + "it was signed with another key or algorithm, or altered.");
        }
        catch (UnsupportedJwtException ex) {
            throw new InvalidAccessTokenException("The access token is not a signed JWS; the service accepts tokens "
                    + "signed with HS256 only, never unsigned or encrypted ones.");
        }
        catch (MalformedJwtException ex) {
            throw new InvalidAccessTokenException("The access token is not a well-formed JWS (three base64url parts "
                    + "separated by '.').");
        }
        catch (JwtException | IllegalArgumentException ex) {
            // jjwt's messages may quote parts of the token, so they are not passed on.
            throw new InvalidAccessTokenException("The access token cannot be verified (" + ex.getClass().getSimpleName() + ").");
        }
    }

    /** The address tokens for a hub carry: the endpoint, then {@code /client/hubs/<hub>}. */
    private URI audience(String hub) {
        return URI.create(this.endpoint + "/client/hubs/" + hub);
    }

    /**
     * Compares an {@code aud} value with the expected address as URIs: scheme and host ignore case, an omitted port
     * is the scheme's default, and the path must be the same.
     */
    private static boolean sameAddress(String aud, URI expected) {
        URI actual;
        try {
            actual = new URI(aud);
        }
        catch (URISyntaxException ex) {
            return false;
        }
        return actual.isAbsolute() && actual.getHost() != null && actual.getRawQuery() == null
                && actual.getRawFragment() == null && actual.getRawUserInfo() == null
                && actual.getScheme().equalsIgnoreCase(expected.getScheme())
                && actual.getHost().toLowerCase(Locale.ROOT).equals(expected.getHost().toLowerCase(Locale.ROOT))
                && port(actual) == port(expected) && actual.getRawPath().equals(expected.getRawPath());
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** Roles as the service reads them: strings that are no role it knows grant nothing and are skipped. */
    private static List<WebPubSubRole> roles(Object claim) {
        List<WebPubSubRole> roles = new ArrayList<>();
        for (String value : strings(claim)) {
            try {
                roles.add(WebPubSubRole.parse(value));
            }
            catch (IllegalArgumentException ex) {
                // Not a role: the service ignores it, so the client simply lacks that permission.
            }
        }
        return roles;
    }

    /** A claim that may hold one string or an array of them; anything else counts as absent. */
    private static List<String> strings(Object claim) {
        if (claim instanceof String value) {
            return List.of(value);
        }
        List<String> values = new ArrayList<>();
        if (claim instanceof Collection<?> collection) {
            for (Object element : collection) {
                if (element instanceof String value) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    /**
     * The keys tokens may be signed with, as the resource's two keys: the current one and the one before it; and a
     * key read once that differs from the current one, until it is read again (then current) or not (then dropped).
     */
    private record Keys(@Nullable Key current, @Nullable Key previous, @Nullable Key pending) {

        static final Keys NONE = new Keys(null, null, null);

        Keys afterReading(String key, Function<String, JwtParser> parser) {
            if (this.current != null && this.current.is(key)) {
                return withoutPending();
            }
            if (this.pending != null && this.pending.is(key)) {
                return new Keys(this.pending, this.current, null);
            }
            return new Keys(this.current, this.previous, new Key(key, parser.apply(key)));
        }

        Keys withoutPending() {
            return (this.pending != null) ? new Keys(this.current, this.previous, null) : this;
        }

        List<JwtParser> parsers() {
            return Stream.of(this.current, this.previous, this.pending).filter(Objects::nonNull).map(Key::parser)
                .toList();
        }

    }

    /**
     * One access key and the parser that verifies with it.
     */
    private record Key(String value, JwtParser parser) {

        boolean is(String key) {
            return this.value.equals(key);
        }

        @Override
        public String toString() {
            return "Key[******]";
        }

    }

}
