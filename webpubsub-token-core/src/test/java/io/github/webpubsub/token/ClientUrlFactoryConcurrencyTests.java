package io.github.webpubsub.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.github.webpubsub.token.TestKeys.ACCESS_KEY;
import static io.github.webpubsub.token.TestKeys.ENDPOINT;
import static io.github.webpubsub.token.TestKeys.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A factory is immutable and safe to share between threads: 16 threads, released
 * together, each issue 10,000 tokens through one factory, with users, roles, groups,
 * protocols, hubs and lifetimes that differ per token. Every token is verified without
 * the production code: its header compared byte for byte, its HS256 signature recomputed
 * with the thread's own {@link Mac} over the token's signing input, its claims decoded
 * with Jackson and compared with what that thread asked for, {@code exp} = {@code iat} +
 * the lifetime rounded up. All 160,000 tokens are distinct.
 */
class ClientUrlFactoryConcurrencyTests {

    private static final int THREADS = 16;

    private static final int TOKENS_PER_THREAD = 10_000;

    private static final String DEFAULT_HUB = "chat";

    private static final String ENCODED_HEADER = Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));

    /**
     * Numbers as longs, so that decoded claims compare equal to the expected ones
     * whatever their size.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
        .enable(DeserializationFeature.USE_LONG_FOR_INTS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sixteenThreadsSharingOneFactoryEachGetTenThousandValidTokensWithTheirOwnClaims() throws Exception {
        ClientUrlFactory factory = TestKeys.factory();
        CountDownLatch start = new CountDownLatch(1);
        Set<String> signatures = ConcurrentHashMap.newKeySet(THREADS * TOKENS_PER_THREAD);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int threadNumber = thread;
                results.add(executor.submit(() -> {
                    Verifier verifier = new Verifier();
                    start.await();
                    for (int i = 0; i < TOKENS_PER_THREAD; i++) {
                        Asked asked = Asked.by(threadNumber, i);
                        ClientAccess access = factory.create(asked.request());
                        signatures.add(verifier.verify(access, asked));
                    }
                    return TOKENS_PER_THREAD;
                }));
            }
            start.countDown();
            int issued = 0;
            for (Future<Integer> result : results) {
                issued += result.get(60, TimeUnit.SECONDS);
            }

            assertThat(issued).isEqualTo(THREADS * TOKENS_PER_THREAD);
            // Each token ends in its signature: 160,000 distinct signatures are 160,000
            // distinct tokens.
            assertThat(signatures.size()).as("distinct tokens").isEqualTo(THREADS * TOKENS_PER_THREAD);
        }
        finally {
            executor.shutdownNow();
        }
    }

    /**
     * What one thread asks for with its i-th token. The fields vary with the thread and
     * the index, and every token names both in its user id or a group, so that a token
     * carrying another request's claims, or another thread's, cannot pass for this one.
     */
    private record Asked(String hub, String userId, List<WebPubSubRole> roles, List<String> groups,
            ClientProtocol protocol, Duration lifetime) {

        private static final ClientProtocol[] PROTOCOLS = ClientProtocol.values();

        static Asked by(int thread, int i) {
            String hub = switch (i % 3) {
                case 0 -> null;
                case 1 -> "news";
                default -> "Hub_" + thread;
            };
            String userId = switch (i % 5) {
                case 0 -> null;
                case 1 -> "user-" + thread + "-" + i;
                case 2 -> "Zoë \"" + thread + "\" \\ " + i;
                case 3 -> "名前-" + thread + "-" + i;
                default -> "alice+" + thread + "." + i + "@example.com";
            };
            String ownGroup = "group-" + thread + "-" + i;
            List<WebPubSubRole> roles = switch (i % 4) {
                case 0 -> List.of();
                case 1 -> List.of(WebPubSubRole.sendToGroup(ownGroup));
                case 2 -> List.of(WebPubSubRole.joinLeaveGroups("thread-" + thread + ".*"),
                        WebPubSubRole.sendToGroup(ownGroup));
                default -> List.of(WebPubSubRole.sendToAnyGroup(), WebPubSubRole.joinLeaveGroup(ownGroup));
            };
            // Every token names its thread and index somewhere: in the user id, or else
            // in a group.
            List<String> groups = switch (i % 7) {
                case 0 -> (userId != null) ? List.of() : List.of(ownGroup);
                case 1 -> List.of(ownGroup);
                default -> List.of("thread-" + thread, ownGroup);
            };
            Duration lifetime = switch (i % 4) {
                case 0 -> null;
                case 1 -> Duration.ofSeconds(60 + i);
                // A fraction of a second, which the token rounds up.
                case 2 -> Duration.ofMillis(1_500 + i);
                default -> Duration.ofHours(1 + thread);
            };
            return new Asked(hub, userId, roles, groups, PROTOCOLS[(thread + i) % PROTOCOLS.length], lifetime);
        }

        ClientAccessRequest request() {
            return ClientAccessRequest.builder()
                .hub(this.hub)
                .userId(this.userId)
                .roles(this.roles.toArray(WebPubSubRole[]::new))
                .groups(this.groups)
                .protocol(this.protocol)
                .lifetime(this.lifetime)
                .build();
        }

        String effectiveHub() {
            return (this.hub != null) ? this.hub : DEFAULT_HUB;
        }

        long lifetimeSeconds() {
            Duration lifetime = (this.lifetime != null) ? this.lifetime : ClientUrlFactory.Builder.DEFAULT_LIFETIME;
            long seconds = lifetime.getSeconds();
            return (lifetime.getNano() > 0) ? seconds + 1 : seconds;
        }

        /** The claims the token must carry, and nothing else. */
        ObjectNode expectedClaims() {
            ObjectNode claims = JSON.createObjectNode();
            claims.put("aud", ENDPOINT + "/" + this.protocol.hubPath(effectiveHub()));
            long issuedAt = NOW.getEpochSecond();
            claims.put("iat", issuedAt);
            claims.put("exp", issuedAt + lifetimeSeconds());
            if (this.userId != null) {
                claims.put("sub", this.userId);
            }
            if (!this.roles.isEmpty()) {
                ArrayNode roles = claims.putArray("role");
                this.roles.forEach((role) -> roles.add(role.value()));
            }
            if (!this.groups.isEmpty()) {
                ArrayNode groups = claims.putArray("webpubsub.group");
                this.groups.forEach(groups::add);
            }
            return claims;
        }

    }

    /**
     * Checks tokens on one thread, with its own {@link Mac}.
     */
    private static final class Verifier {

        private final Mac mac;

        Verifier() throws GeneralSecurityException {
            this.mac = Mac.getInstance("HmacSHA256");
            this.mac.init(new SecretKeySpec(ACCESS_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        }

        /**
         * Verifies a token and returns its signature segment. Plain checks rather than
         * assertions: they run 160,000 times, and say what failed when one does.
         */
        String verify(ClientAccess access, Asked asked) throws IOException {
            String token = access.token();
            int firstDot = token.indexOf('.');
            int lastDot = token.lastIndexOf('.');
            check(firstDot > 0 && firstDot < lastDot, "a compact JWS of three parts", token, asked);
            check(token.substring(0, firstDot).equals(ENCODED_HEADER), "the header {\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                    token, asked);
            String signature = token.substring(lastDot + 1);
            byte[] expectedSignature = this.mac
                .doFinal(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
            check(MessageDigest.isEqual(expectedSignature, Base64.getUrlDecoder().decode(signature)),
                    "the HS256 signature of its signing input", token, asked);
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.substring(firstDot + 1, lastDot)));
            ObjectNode expected = asked.expectedClaims();
            check(claims.equals(expected), "the claims " + expected + " but has " + claims, token, asked);
            String baseUrl = "wss://example.webpubsub.azure.com/" + asked.protocol().hubPath(asked.effectiveHub());
            check(access.baseUrl().toString().equals(baseUrl),
                    "the base URL " + baseUrl + " but has " + access.baseUrl(), token, asked);
            check(access.url().toString().equals(baseUrl + "?access_token=" + token), "its URL", token, asked);
            check(access.expiresAt().equals(Instant.ofEpochSecond(expected.get("exp").longValue())), "expiresAt = exp",
                    token, asked);
            check(access.protocol() == asked.protocol(), "the protocol asked for", token, asked);
            return signature;
        }

        private static void check(boolean holds, String what, String token, Asked asked) {
            if (!holds) {
                throw new AssertionError("Token for " + asked + " should have " + what + ": " + token);
            }
        }

    }

}
