package io.github.webpubsub.sample.devhub;

import java.time.Clock;

import io.github.webpubsub.token.ClientUrlFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

/**
 * Runs the sample on a free port whose number the configured endpoint names, as it must for tokens to carry the
 * right audience. Subclasses share one application context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
abstract class RunningHubTests {

    static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr";

    static final String OTHER_KEY = "rqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA";

    static final int PORT = TestSocketUtils.findAvailableTcpPort();

    static final String CONNECTION_STRING = connectionString(KEY);

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("webpubsub.connection-string", () -> CONNECTION_STRING);
    }

    static String connectionString(String key) {
        return "Endpoint=http://localhost:" + PORT + ";AccessKey=" + key + ";Version=1.0;";
    }

    /** Mints Client Access URLs for hub {@code chat} of the running hub, with the project's own factory. */
    static ClientUrlFactory urls() {
        return ClientUrlFactory.builder().connectionString(CONNECTION_STRING).hub("chat").build();
    }

    static ClientUrlFactory urls(String key, Clock clock) {
        return ClientUrlFactory.builder().connectionString(connectionString(key)).hub("chat").clock(clock).build();
    }

}
