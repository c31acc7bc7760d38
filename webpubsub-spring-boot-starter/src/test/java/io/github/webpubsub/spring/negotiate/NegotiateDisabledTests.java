package io.github.webpubsub.spring.negotiate;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With {@code webpubsub.enabled=false} an annotated method is not mapped: its path
 * answers 404, never an empty 200.
 */
@SpringBootTest(classes = NegotiateTestApplication.class,
        properties = { "spring.config.name=negotiate", "webpubsub.enabled=false" })
@AutoConfigureMockMvc
class NegotiateDisabledTests {

    @Autowired
    private MockMvc mvc;

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void annotatedPathsAreNotMapped() throws Exception {
        this.mvc.perform(get("/negotiate")).andExpect(status().isNotFound());
        this.mvc.perform(get("/rooms/blue/negotiate")).andExpect(status().isNotFound());
        this.mvc.perform(get("/api/v1/negotiate")).andExpect(status().isNotFound());
    }

}
