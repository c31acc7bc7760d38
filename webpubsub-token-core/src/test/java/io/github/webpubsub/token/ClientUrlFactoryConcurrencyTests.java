package io.github.webpubsub.token;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.github.webpubsub.token.TestKeys.ACCESS_KEY;
import static io.github.webpubsub.token.TestKeys.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A factory is immutable and safe to share between threads: tokens issued concurrently each verify and each carry
 * the claims of their own request.
 */
class ClientUrlFactoryConcurrencyTests {

    private static final int THREADS = 16;

    private static final int TOKENS_PER_THREAD = 250;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void threadsSharingOneFactoryEachGetValidTokensWithTheirOwnClaims() throws Exception {
        ClientUrlFactory factory = TestKeys.factory();
        CountDownLatch start = new CountDownLatch(1);
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int threadNumber = thread;
                results.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < TOKENS_PER_THREAD; i++) {
                        issueAndCheck(factory, threadNumber, i, tokens);
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
            assertThat(tokens).as("every request gave its own token").hasSize(THREADS * TOKENS_PER_THREAD);
        }
        finally {
            executor.shutdownNow();
        }
    }

    private static void issueAndCheck(ClientUrlFactory factory, int thread, int i, Set<String> tokens) {
        String userId = "user-" + thread + "-" + i;
        String ownGroup = "group-" + thread + "-" + i;
        ClientProtocol protocol = ClientProtocol.values()[(thread + i) % ClientProtocol.values().length];
        Duration lifetime = Duration.ofSeconds(60 + i);

        ClientAccess access = factory.create(request -> request.userId(userId)
            .groups("thread-" + thread, ownGroup)
            .roles(WebPubSubRole.sendToGroup(ownGroup))
            .protocol(protocol)
            .lifetime(lifetime));

        ObjectNode claims = ClientTokens.verifiedClaims(access.token(), ACCESS_KEY, NOW);
        assertThat(claims.get("sub").asText()).isEqualTo(userId);
        assertThat(ClientTokens.texts(claims.get("webpubsub.group"))).containsExactly("thread-" + thread, ownGroup);
        assertThat(ClientTokens.texts(claims.get("role"))).containsExactly("webpubsub.sendToGroup." + ownGroup);
        assertThat(claims.get("aud").asText())
            .isEqualTo("https://example.webpubsub.azure.com/" + protocol.hubPath("chat"));
        assertThat(claims.get("exp").longValue()).isEqualTo(NOW.getEpochSecond() + lifetime.toSeconds());
        assertThat(access.baseUrl().getPath()).isEqualTo("/" + protocol.hubPath("chat"));
        assertThat(access.url().getRawQuery()).isEqualTo("access_token=" + access.token());
        tokens.add(access.token());
    }

}
