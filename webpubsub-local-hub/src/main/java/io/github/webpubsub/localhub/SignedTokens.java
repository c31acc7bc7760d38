package io.github.webpubsub.localhub;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SecurityException;
import io.jsonwebtoken.security.SignatureException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies what the service verifies in the tokens signed with an access key (client
 * access tokens and REST bearer tokens): a compact JWS, HS256 only, signed with the UTF-8
 * bytes of one of the keys, with an {@code exp} that has not passed and any {@code nbf}
 * that has. The audience is the caller's check, since it depends on where the token was
 * presented.
 */
final class SignedTokens {

    /**
     * How far {@code exp} and {@code nbf} may be off, so that a little clock drift
     * between hosts does not matter.
     */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private SignedTokens() {
    }

    /**
     * Verifies a token's signature and lifetime.
     * @param token the compact JWS
     * @param keys the access keys it may be signed with
     * @param clock the clock that decides whether it has expired
     * @return its header and claims, as JSON values (an {@code aud} string stays a
     * string)
     * @throws InvalidAccessTokenException if the service would refuse it
     */
    static Decoded verify(String token, List<String> keys, Clock clock) {
        Decoded decoded = decode(token);
        verifySignature(token, keys, clock);
        if (!(decoded.claims().get("exp") instanceof Number)) {
            throw InvalidAccessTokenException.noExpiration();
        }
        return decoded;
    }

    /**
     * Reads a token's header and claims without verifying anything.
     * @throws InvalidAccessTokenException if it is no three-part JWS with JSON header and
     * claims
     */
    static Decoded decode(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            // Five parts: an encrypted token (JWE), which the service does not take
            // either.
            throw (parts.length == 5) ? InvalidAccessTokenException.unsigned()
                    : InvalidAccessTokenException.malformed();
        }
        try {
            return new Decoded(json(parts[0]), json(parts[1]));
        }
        catch (IllegalArgumentException | JacksonException ex) {
            throw InvalidAccessTokenException.malformed();
        }
    }

    private static Map<String, Object> json(String base64Url) {
        return JSON.readValue(new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8), OBJECT);
    }

    private static void verifySignature(String token, List<String> keys, Clock clock) {
        InvalidAccessTokenException refused = InvalidAccessTokenException.badSignature();
        for (String key : keys) {
            try {
                Jwts.parser()
                    .sig()
                    .clear()
                    .add(Jwts.SIG.HS256)
                    .and() // HS256 only, as the service
                    .verifyWith(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                    .clock(() -> Date.from(clock.instant()))
                    .clockSkewSeconds(CLOCK_SKEW.toSeconds())
                    .build()
                    .parseSignedClaims(token);
                return;
            }
            catch (SignatureException ex) {
                // Maybe the other key.
            }
            catch (ExpiredJwtException ex) {
                throw InvalidAccessTokenException.expired(instant(ex.getClaims().getExpiration()));
            }
            catch (PrematureJwtException ex) {
                throw InvalidAccessTokenException.notYetValid(instant(ex.getClaims().getNotBefore()));
            }
            catch (SecurityException ex) {
                // jjwt raises this for a signing algorithm other than HS256, too.
                throw refused;
            }
            catch (UnsupportedJwtException ex) {
                throw InvalidAccessTokenException.unsigned();
            }
            catch (MalformedJwtException | IllegalArgumentException ex) {
                throw InvalidAccessTokenException.malformed();
            }
            catch (JwtException ex) {
                // jjwt's messages may quote parts of the token, so they are not passed
                // on.
                throw InvalidAccessTokenException.malformed();
            }
        }
        throw refused;
    }

    private static Instant instant(Date date) {
        return date.toInstant();
    }

    /**
     * A token's header and claims as JSON values.
     */
    record Decoded(Map<String, Object> header, Map<String, Object> claims) {

        Decoded {
            // Not Map.copyOf: a JSON null is a value here.
            header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
            claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        }

    }

}
