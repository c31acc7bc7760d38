package io.github.webpubsub.token;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.github.webpubsub.token.TestKeys.ENDPOINT;
import static io.github.webpubsub.token.TestKeys.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Many threads issue tokens through one factory while another thread rotates its
 * {@link AccessKeyCredential} over and over: every token is signed with exactly one of
 * the keys, never a mix, and a token issued after an update has returned is signed with
 * that key or a later one, never an earlier one.
 */
class AccessKeyRotationConcurrencyTests {

    private static final int THREADS = 8;

    private static final int TOKENS_PER_THREAD = 4_000;

    /**
     * Distinct keys, used in turn: version {@code v} is signed with
     * {@code KEYS[v % KEYS.length]}.
     */
    private static final String[] KEYS = randomKeys(64);

    /**
     * The last version whose {@code update} has returned; written by the rotating thread
     * only.
     */
    private volatile int published;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tokensIssuedWhileTheKeyRotatesAreEachSignedWithOneCurrentKey() throws Exception {
        AccessKeyCredential credential = AccessKeyCredential.of(KEYS[0]);
        ClientUrlFactory factory = ClientUrlFactory.builder()
            .endpoint(ENDPOINT)
            .accessKey(credential)
            .hub("chat")
            .clock(TestKeys.CLOCK)
            .build();
        AtomicBoolean issuing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS + 1);
        try {
            Future<Integer> rotations = executor.submit(() -> rotate(credential, issuing, start));
            List<Future<List<IssuedToken>>> issuers = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int threadNumber = thread;
                issuers.add(executor.submit(() -> issue(factory, threadNumber, start)));
            }
            start.countDown();
            List<IssuedToken> tokens = new ArrayList<>();
            for (Future<List<IssuedToken>> issuer : issuers) {
                tokens.addAll(issuer.get(100, TimeUnit.SECONDS));
            }
            issuing.set(false);
            int rotated = rotations.get(10, TimeUnit.SECONDS);

            assertThat(tokens).hasSize(THREADS * TOKENS_PER_THREAD);
            assertThat(rotated).as("rotations while tokens were issued").isGreaterThan(100);
            int checkedAgainstAllKeys = 0;
            for (int i = 0; i < tokens.size(); i++) {
                IssuedToken token = tokens.get(i);
                assertThat(signingVersion(token))
                    .as("token %d: signed with the key of a version in [%d, %d]", i, token.publishedBefore(),
                            token.publishedAfter() + 1)
                    .isNotNegative();
                if (i % 50 == 0) {
                    assertThat(keysThatVerify(token.token())).as("keys that verify token %d", i).isEqualTo(1);
                    checkedAgainstAllKeys++;
                }
            }
            assertThat(ClientTokens
                .verifiedClaims(tokens.get(0).token(), KEYS[signingVersion(tokens.get(0)) % KEYS.length], NOW)
                .get("aud")
                .asText()).isEqualTo(ENDPOINT + "/client/hubs/chat");
            assertThat(checkedAgainstAllKeys).isGreaterThan(500);
        }
        finally {
            executor.shutdownNow();
        }
    }

    @Test
    void anInvalidUpdateAmidRotationsLeavesTheLastValidKey() {
        AccessKeyCredential credential = AccessKeyCredential.of(KEYS[0]);
        ClientUrlFactory factory = ClientUrlFactory.builder()
            .endpoint(ENDPOINT)
            .accessKey(credential)
            .hub("chat")
            .build();
        credential.update(KEYS[1]);

        assertThatExceptionOfType(InvalidWebPubSubSettingException.class)
            .isThrownBy(() -> credential.update(KEYS[2].substring(0, 31)));

        String token = factory.create(request -> {
        }).token();
        assertThat(ClientTokens.isSignedWith(token, KEYS[1])).isTrue();
        assertThat(keysThatVerify(token)).isEqualTo(1);
    }

    private int rotate(AccessKeyCredential credential, AtomicBoolean issuing, CountDownLatch start)
            throws InterruptedException {
        start.await();
        int version = 0;
        while (issuing.get()) {
            version++;
            credential.update(KEYS[version % KEYS.length]);
            this.published = version;
            // A few tokens per key rather than a key per token.
            LockSupport.parkNanos(20_000);
        }
        return version;
    }

    private List<IssuedToken> issue(ClientUrlFactory factory, int thread, CountDownLatch start)
            throws InterruptedException {
        start.await();
        List<IssuedToken> tokens = new ArrayList<>(TOKENS_PER_THREAD);
        for (int i = 0; i < TOKENS_PER_THREAD; i++) {
            int before = this.published;
            String token = factory.create(request -> request.userId("user-" + thread)).token();
            int after = this.published;
            tokens.add(new IssuedToken(token, before, after));
        }
        return tokens;
    }

    /**
     * Returns the version, between the one published before the token was asked for and
     * the one after the version published once it was issued, whose key signed the token;
     * or -1 if none did. (The key in use is at most one version ahead of the published
     * one: the rotating thread publishes right after each update.)
     */
    private static int signingVersion(IssuedToken token) {
        int last = Math.min(token.publishedAfter() + 1, token.publishedBefore() + KEYS.length - 1);
        for (int version = token.publishedBefore(); version <= last; version++) {
            if (ClientTokens.isSignedWith(token.token(), KEYS[version % KEYS.length])) {
                return version;
            }
        }
        return -1;
    }

    private static int keysThatVerify(String token) {
        int count = 0;
        for (String key : KEYS) {
            if (ClientTokens.isSignedWith(token, key)) {
                count++;
            }
        }
        return count;
    }

    /** Keys shaped like real ones: base64 of 32 random bytes, 44 characters. */
    private static String[] randomKeys(int count) {
        SecureRandom random = new SecureRandom();
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            keys[i] = Base64.getEncoder().encodeToString(bytes);
            assertThat(keys[i].getBytes(StandardCharsets.UTF_8)).hasSize(44);
        }
        return keys;
    }

    /**
     * A token and the versions published just before it was asked for and just after it
     * was issued.
     */
    private record IssuedToken(String token, int publishedBefore, int publishedAfter) {
    }

}
