package io.github.webpubsub.sample;

import java.net.URI;

import io.github.webpubsub.localhub.ClientAccessToken;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

/**
 * Runs the whole sample, as {@code spring-boot:run} does, on a free port, with the users
 * of {@code application.yml} and the local hub on another free port, which the configured
 * endpoint names, with a test key. Every subclass, in whatever package, shares the one
 * application context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
public abstract class RunningSampleTests {

    /** The access key of the test endpoint: a test value of a real key's length. */
    public static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr";

    public static final int PORT = TestSocketUtils.findAvailableTcpPort();

    /** Where the local hub serves: the endpoint of {@link #CONNECTION_STRING}. */
    public static final int HUB_PORT = TestSocketUtils.findAvailableTcpPort();

    public static final String CONNECTION_STRING = connectionString(KEY);

    /** The users of {@code application.yml}, with the passwords the README gives. */
    public static final SampleUser ALICE = new SampleUser("alice", "alice");

    public static final SampleUser BOB = new SampleUser("bob", "bob");

    public static final SampleUser ADMIN = new SampleUser("admin", "admin");

    @DynamicPropertySource
    static void sampleProperties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("webpubsub.connection-string", () -> CONNECTION_STRING);
    }

    public static String connectionString(String key) {
        return "Endpoint=http://localhost:" + HUB_PORT + ";AccessKey=" + key + ";Version=1.0;";
    }

    /**
     * Verifies a Client Access URL the sample issued, as the local hub and the service
     * do, with {@link #KEY}.
     * @param url the URL
     * @return the verified token, to look at its claims
     */
    public static ClientAccessToken verify(String url) {
        return ClientAccessToken.verify(url, KEY);
    }

    /**
     * Returns an address of the running sample.
     * @param path such as {@code /negotiate}
     * @return the absolute address
     */
    public static URI sample(String path) {
        return URI.create("http://localhost:" + PORT + path);
    }

    /**
     * One of the sample's users.
     *
     * @param name the user name
     * @param password the password
     */
    public record SampleUser(String name, String password) {
    }

}
