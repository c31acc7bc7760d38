package io.github.webpubsub.spring.negotiate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.webpubsub.token.BearerToken;
import io.github.webpubsub.token.BearerTokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A WebFlux negotiate endpoint in key-less mode, against a service on the loopback
 * address, never blocks an event-loop thread: BlockHound, installed for this JVM (the
 * surefire execution {@code blockhound}, with
 * {@code -XX:+AllowRedefinitionToAddDeleteMethods}), records every blocking call made on
 * a non-blocking thread.
 */
@SpringBootTest(classes = ReactiveNegotiateBlockHoundTests.KeylessApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "webpubsub.hub=chat", "spring.main.web-application-type=reactive" })
class ReactiveNegotiateBlockHoundTests {

    private static final List<String> blockingCalls = new CopyOnWriteArrayList<>();

    private static final DelayedTokenService service = new DelayedTokenService(Duration.ofMillis(50));

    @LocalServerPort
    private int port;

    @BeforeAll
    static void installBlockHound() {
        BlockHound.builder().loadIntegrations().blockingMethodCallback((method) -> {
            blockingCalls.add(method + " on " + Thread.currentThread().getName());
            throw new BlockingOperationError(method);
        }).install();
    }

    @DynamicPropertySource
    static void keylessEndpoint(DynamicPropertyRegistry registry) {
        registry.add("webpubsub.endpoint", service::endpoint);
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @BeforeEach
    void noBlockingCallYet() {
        blockingCalls.clear();
    }

    @Test
    void blockHoundCatchesBlockingOnANonBlockingThread() {
        assertThatExceptionOfType(RuntimeException.class)
            .isThrownBy(() -> Mono.delay(Duration.ofMillis(1)).doOnNext((tick) -> sleep()).block())
            .withCauseInstanceOf(BlockingOperationError.class);
        assertThat(blockingCalls).singleElement().asString().contains("sleep");
    }

    @Test
    void concurrentKeylessNegotiationsNeverBlockAnEventLoop() {
        WebClient client = WebClient.builder()
            .baseUrl("http://127.0.0.1:" + this.port)
            .defaultHeaders((headers) -> headers.setBasicAuth("alice", "secret"))
            .build();
        List<Map<String, Object>> answers = Flux.range(0, 32)
            .flatMap((i) -> client.get().uri("/negotiate").retrieve().bodyToMono(String.class), 32)
            .map(NegotiateTokens::json)
            .collectList()
            .block(Duration.ofSeconds(60));
        assertThat(answers).hasSize(32)
            .allSatisfy((answer) -> assertThat(answer).containsEntry("token", DelayedTokenService.TOKEN));
        assertThat(blockingCalls).isEmpty();
    }

    private static void sleep() {
        try {
            Thread.sleep(1);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(NegotiateStallTests.StallApplication.Endpoints.class)
    static class KeylessApplication {

        @Bean
        BearerTokenProvider identity() {
            return (scope) -> new BearerToken("entra-id-token", Instant.now().plus(Duration.ofHours(1)));
        }

        /**
         * A plain password that is not re-encoded, whose check needs no random numbers.
         */
        @Bean
        ReactiveUserDetailsService users() {
            return (name) -> Mono.just(User.withUsername("alice").password("{noop}secret").roles("USER").build());
        }

    }

}
