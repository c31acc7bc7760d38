package io.github.webpubsub.spring.negotiate;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.WebPubSubServiceException;
import io.github.webpubsub.token.WebPubSubServiceException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.RestController;

import static io.github.webpubsub.spring.negotiate.NegotiateTokens.CONNECTION_STRING;
import static io.github.webpubsub.spring.negotiate.NegotiateTokens.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A {@code ClientUrlFactory} whose service call fails (key-less mode): the endpoint
 * answers 503, or 502 for a malformed service answer, with a problem detail, never a
 * token, a stack trace or a 500; and the server log says what happened once, not once per
 * caller.
 */
@SpringBootTest(classes = NegotiateServiceFailureTests.FailingServiceApplication.class)
@AutoConfigureMockMvc
@WithMockUser("alice")
@ExtendWith(OutputCaptureExtension.class)
class NegotiateServiceFailureTests {

    /** A message as the core writes them; it names the fix and holds no token. */
    private static final String SERVICE_MESSAGE = "The Web PubSub service at https://contoso.webpubsub.azure.com "
            + "refused the Microsoft Entra ID token with HTTP 403 for hub 'chat'. The identity needs the 'Web PubSub "
            + "Service Owner' role on this resource, or the endpoint names another resource.";

    @Autowired
    private MockMvc mvc;

    @Autowired
    private FailingClientUrlFactory factory;

    @BeforeEach
    void serviceWorks() {
        this.factory.failure.set(null);
    }

    @ParameterizedTest
    @CsvSource({ "UNAUTHORIZED, 503", "NOT_FOUND, 503", "REJECTED, 503", "UNAVAILABLE, 503",
            "MALFORMED_RESPONSE, 502" })
    void serviceFailureIsAnsweredWithAProblemDetail(Reason reason, int status) throws Exception {
        this.factory.failure.set(WebPubSubServiceException.of(reason, 403, SERVICE_MESSAGE));
        MvcResult result = this.mvc.perform(get("/negotiate"))
            .andExpect(status().is(status))
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
            .andExpect(header().string(HttpHeaders.PRAGMA, "no-cache"))
            .andReturn();
        Map<String, Object> problem = json(result.getResponse().getContentAsString());
        assertThat(problem).containsEntry("status", status)
            .containsEntry("reason", reason.name())
            .containsEntry("detail", NegotiateFlow.detail(reason))
            .containsEntry("instance", "/negotiate")
            .containsOnlyKeys("title", "status", "detail", "instance", "reason");
        assertThat(result.getResponse().getContentAsString()).doesNotContain("contoso")
            .doesNotContain("Exception")
            .doesNotContain("\tat ");
    }

    @Test
    void unauthorizedIsLoggedOnceWithTheRoleHintUntilATokenIsIssuedAgain(CapturedOutput output) throws Exception {
        this.mvc.perform(get("/negotiate")).andExpect(status().isOk());
        this.factory.failure.set(WebPubSubServiceException.of(Reason.UNAUTHORIZED, 403, SERVICE_MESSAGE));
        for (int i = 0; i < 3; i++) {
            this.mvc.perform(get("/negotiate")).andExpect(status().isServiceUnavailable());
        }
        assertThat(warnings(output)).isEqualTo(1);
        assertThat(output)
            .contains("Web PubSub did not issue a client token for "
                    + FailingServiceApplication.Negotiation.class.getName() + "#negotiate() (UNAUTHORIZED), so it "
                    + "answered 503.")
            .contains("'Web PubSub Service Owner' role")
            .contains("Repeats are logged at DEBUG until a token is issued again.");
        this.factory.failure.set(null);
        this.mvc.perform(get("/negotiate")).andExpect(status().isOk());
        this.factory.failure.set(WebPubSubServiceException.of(Reason.UNAUTHORIZED, 403, SERVICE_MESSAGE));
        this.mvc.perform(get("/negotiate")).andExpect(status().isServiceUnavailable());
        assertThat(warnings(output)).isEqualTo(2);
    }

    @Test
    void issuedTokensAreNeverLogged(CapturedOutput output) throws Exception {
        MvcResult result = this.mvc.perform(get("/negotiate")).andExpect(status().isOk()).andReturn();
        String token = (String) json(result.getResponse().getContentAsString()).get("token");
        assertThat(output).doesNotContain(token);
    }

    private static long warnings(CapturedOutput output) {
        return output.getAll().lines().filter((line) -> line.contains("Web PubSub did not issue")).count();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(FailingServiceApplication.Negotiation.class)
    static class FailingServiceApplication {

        @Bean
        FailingClientUrlFactory clientUrlFactory() {
            return new FailingClientUrlFactory(
                    ClientUrlFactory.builder().connectionString(CONNECTION_STRING).hub("chat").build());
        }

        @RestController
        static class Negotiation {

            @WebPubSubNegotiate("/negotiate")
            void negotiate() {
            }

        }

    }

    /**
     * Issues with a real key, or fails as told (also for
     * {@link ReactiveNegotiateServiceFailureTests}).
     */
    static final class FailingClientUrlFactory implements ClientUrlFactory {

        private final AtomicReference<WebPubSubServiceException> failure = new AtomicReference<>();

        private final ClientUrlFactory delegate;

        FailingClientUrlFactory(ClientUrlFactory delegate) {
            this.delegate = delegate;
        }

        void fail(WebPubSubServiceException failure) {
            this.failure.set(failure);
        }

        @Override
        public ClientAccess create(ClientAccessRequest request) {
            WebPubSubServiceException failure = this.failure.get();
            if (failure != null) {
                throw failure;
            }
            return this.delegate.create(request);
        }

        @Override
        public Optional<String> defaultHub() {
            return this.delegate.defaultHub();
        }

    }

}
