package io.github.webpubsub.spring.negotiate;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static io.github.webpubsub.spring.negotiate.NegotiateTokens.CONNECTION_STRING;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An application that switched off Spring Security's cache headers: the negotiate
 * endpoint still forbids caching its answers, and leaves the application's other answers
 * alone.
 */
@SpringBootTest(classes = NegotiateCacheHeadersTests.NoCacheHeadersApplication.class,
        properties = { "webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat" })
@AutoConfigureMockMvc
class NegotiateCacheHeadersTests {

    @Autowired
    private MockMvc mvc;

    @Test
    @WithMockUser("alice")
    void issuedAnswerForbidsCaching() throws Exception {
        this.mvc.perform(get("/negotiate"))
            .andExpect(status().isOk())
            .andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
            .andExpect(header().string(HttpHeaders.PRAGMA, "no-cache"));
    }

    @Test
    void refusalForbidsCaching() throws Exception {
        this.mvc.perform(get("/negotiate"))
            .andExpect(status().isUnauthorized())
            .andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
            .andExpect(header().string(HttpHeaders.PRAGMA, "no-cache"));
    }

    @Test
    @WithMockUser("alice")
    void otherAnswersAreLeftAlone() throws Exception {
        this.mvc.perform(get("/other"))
            .andExpect(status().isOk())
            .andExpect(header().doesNotExist(HttpHeaders.CACHE_CONTROL))
            .andExpect(header().doesNotExist(HttpHeaders.PRAGMA));
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(NoCacheHeadersApplication.Negotiation.class)
    static class NoCacheHeadersApplication {

        @Bean
        SecurityFilterChain securityFilterChain(HttpSecurity http) {
            return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
                .headers((headers) -> headers.cacheControl((cacheControl) -> cacheControl.disable()))
                .build();
        }

        @RestController
        static class Negotiation {

            @WebPubSubNegotiate("/negotiate")
            void negotiate() {
            }

            @GetMapping("/other")
            String other() {
                return "other";
            }

        }

    }

}
