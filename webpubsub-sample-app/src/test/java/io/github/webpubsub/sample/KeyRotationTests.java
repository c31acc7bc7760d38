package io.github.webpubsub.sample;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.webpubsub.localhub.ClientAccessToken;
import io.github.webpubsub.localhub.InvalidAccessTokenException;
import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample with the profile {@code key-file}, as {@code scripts/rotation-under-load.sh}
 * runs it: while threads ask {@code /negotiate} over HTTP without pause, the key file is
 * replaced. No request fails; every token is signed with exactly one of the two keys;
 * tokens of requests that ended before the swap carry the old key, and every token asked
 * for after the first new-key token carries the new key; the local hub (at the configured
 * endpoint, following the key file) accepts both, as the service accepts both of a
 * resource's keys.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyRotationTests {

    private static final String OLD_KEY = "OldKeyOldKeyOldKeyOldKeyOldKeyOldKeyOldKey0=";

    private static final String NEW_KEY = "NewKeyNewKeyNewKeyNewKeyNewKeyNewKeyNewKey0=";

    private static final int THREADS = 4;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path directory;

    @Test
    void swappingTheKeyFileUnderLoadFailsNoRequestAndSignsLaterTokensWithTheNewKey() throws Exception {
        int port = TestSocketUtils.findAvailableTcpPort();
        int hubPort = TestSocketUtils.findAvailableTcpPort();
        URI audience = URI.create("http://localhost:" + hubPort + "/client/hubs/chat");
        Path keyFile = write(this.directory.resolve("access-key"), OLD_KEY + "\n");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WebPubSubSampleApplication.class)
            .profiles("key-file")
            .run("--server.port=" + port, "--WEBPUBSUB_ENDPOINT=http://localhost:" + hubPort,
                    "--WEBPUBSUB_ACCESS_KEY_FILE=" + keyFile, "--WEBPUBSUB_KEY_CHECK_INTERVAL=100ms")) {
            SignedInClient alice = SignedInClient.signIn(URI.create("http://localhost:" + port), "alice", "alice");
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<List<Negotiation>>> results = new ArrayList<>();
            long swapped;
            try {
                for (int i = 0; i < THREADS; i++) {
                    results.add(threads.submit(() -> negotiateWhile(alice, running)));
                }
                Thread.sleep(700);
                write(keyFile, NEW_KEY + "\n");
                swapped = System.nanoTime();
                Thread.sleep(1500);
            }
            finally {
                running.set(false);
                threads.shutdown();
            }
            List<Negotiation> negotiations = new ArrayList<>();
            for (Future<List<Negotiation>> result : results) {
                negotiations.addAll(result.get(30, TimeUnit.SECONDS));
            }

            assertThat(negotiations).as("requests")
                .hasSizeGreaterThan(50)
                .allSatisfy((negotiation) -> assertThat(negotiation.status()).as("status").isEqualTo(200));
            for (Negotiation negotiation : negotiations) {
                boolean oldKey = signedWith(negotiation.token(), OLD_KEY, audience);
                assertThat(oldKey ^ signedWith(negotiation.token(), NEW_KEY, audience))
                    .as("signed with exactly one of the keys")
                    .isTrue();
                ClientAccessToken token = ClientAccessToken.verify(negotiation.token(), audience,
                        oldKey ? OLD_KEY : NEW_KEY, Clock.systemUTC());
                assertThat(token.userId()).isEqualTo("alice");
            }
            List<Negotiation> beforeSwap = negotiations.stream().filter((n) -> n.ended() < swapped).toList();
            assertThat(beforeSwap).isNotEmpty()
                .allSatisfy((n) -> assertThat(signedWith(n.token(), OLD_KEY, audience)).isTrue());
            long firstNewKey = negotiations.stream()
                .filter((n) -> signedWith(n.token(), NEW_KEY, audience))
                .mapToLong(Negotiation::ended)
                .min()
                .orElseThrow();
            List<Negotiation> afterSwitch = negotiations.stream().filter((n) -> n.started() > firstNewKey).toList();
            assertThat(afterSwitch).as("asked for after the first new-key token")
                .hasSizeGreaterThan(20)
                .allSatisfy((n) -> assertThat(signedWith(n.token(), NEW_KEY, audience)).as("new key").isTrue());
            assertThat(Duration.ofNanos(firstNewKey - swapped)).as("from swap to first new-key token")
                .isLessThan(Duration.ofSeconds(1));

            // The local hub, like the service with its two keys, accepts tokens of either
            // key.
            String oldToken = beforeSwap.get(0).token();
            String newToken = afterSwitch.get(afterSwitch.size() - 1).token();
            assertHubAccepts(hubPort, newToken);
            assertHubAccepts(hubPort, oldToken);
        }
    }

    @Test
    void theHubRefusesATokenOfAKeyItNeverHad() throws Exception {
        int port = TestSocketUtils.findAvailableTcpPort();
        int hubPort = TestSocketUtils.findAvailableTcpPort();
        Path keyFile = write(this.directory.resolve("access-key"), OLD_KEY);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WebPubSubSampleApplication.class)
            .profiles("key-file")
            .run("--server.port=" + port, "--WEBPUBSUB_ENDPOINT=http://localhost:" + hubPort,
                    "--WEBPUBSUB_ACCESS_KEY_FILE=" + keyFile)) {
            String token = SignedInClient.signIn(URI.create("http://localhost:" + port), "bob", "bob")
                .negotiate()
                .token();
            String forged = ClientUrlFactory.builder()
                .endpoint(URI.create("http://localhost:" + hubPort))
                .accessKey(NEW_KEY)
                .hub("chat")
                .build()
                .create((request) -> request.userId("bob"))
                .token();

            assertHubAccepts(hubPort, token);
            assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> connectToHub(hubPort, forged))
                .havingCause()
                .isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        (ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(401));
        }
    }

    @Test
    void theHubKeepsItsKeyAndNeverAnswers500WhileTheKeyFileIsEmptyHalfWrittenOrWrong(CapturedOutput output)
            throws Exception {
        int port = TestSocketUtils.findAvailableTcpPort();
        int hubPort = TestSocketUtils.findAvailableTcpPort();
        Path keyFile = write(this.directory.resolve("access-key"), OLD_KEY);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WebPubSubSampleApplication.class)
            .profiles("key-file")
            .run("--server.port=" + port, "--WEBPUBSUB_ENDPOINT=http://localhost:" + hubPort,
                    "--WEBPUBSUB_ACCESS_KEY_FILE=" + keyFile, "--WEBPUBSUB_KEY_CHECK_INTERVAL=100ms")) {
            String token = SignedInClient.signIn(URI.create("http://localhost:" + port), "bob", "bob")
                .negotiate()
                .token();
            String connectionString = "Endpoint=http://localhost:" + hubPort + ";AccessKey=" + NEW_KEY
                    + ";Version=1.0;";

            // Written in place, not renamed: a reader may see the file truncated, or half
            // of it.
            for (String content : new String[] { "", NEW_KEY.substring(0, 22), connectionString }) {
                Files.writeString(keyFile, content, StandardCharsets.UTF_8);
                Thread.sleep(300);

                assertHubAccepts(hubPort, token);
                assertHubAccepts(hubPort, token);
            }

            assertThat(output).contains("'webpubsub.access-key-file' (the file it names)")
                .doesNotContain(NEW_KEY.substring(0, 8))
                .doesNotContain(keyFile.toString());
        }
    }

    private static List<Negotiation> negotiateWhile(SignedInClient client, AtomicBoolean running) {
        List<Negotiation> negotiations = new ArrayList<>();
        while (running.get()) {
            negotiations.add(client.negotiate());
        }
        return negotiations;
    }

    private static void assertHubAccepts(int port, String token) {
        WebSocket socket = connectToHub(port, token);
        assertThat(socket.getSubprotocol()).isEqualTo("json.webpubsub.azure.v1");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    private static WebSocket connectToHub(int port, String token) {
        return HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols("json.webpubsub.azure.v1")
            .buildAsync(URI.create("ws://localhost:" + port + "/client/hubs/chat?access_token=" + token),
                    new WebSocket.Listener() {
                    })
            .join();
    }

    private static Path write(Path file, String content) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), ".key", ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        return Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Tells whether the key signed a token; any other reason to refuse it fails the test.
     */
    private static boolean signedWith(String token, String key, URI audience) {
        try {
            ClientAccessToken.verify(token, audience, key, Clock.systemUTC());
            return true;
        }
        catch (InvalidAccessTokenException ex) {
            if (ex.reason() != InvalidAccessTokenException.Reason.SIGNATURE) {
                throw ex;
            }
            return false;
        }
    }

    /**
     * One {@code GET /negotiate}.
     *
     * @param status the status code
     * @param token the token of the answer
     * @param started {@link System#nanoTime()} before the request
     * @param ended {@link System#nanoTime()} after the answer
     */
    private record Negotiation(int status, String token, long started, long ended) {
    }

    /**
     * A user signed in with the login form once, whose session cookie authenticates every
     * later request (HTTP Basic would check the bcrypt password on each one).
     */
    private static final class SignedInClient {

        private final URI base;

        private final HttpClient http;

        private SignedInClient(URI base, HttpClient http) {
            this.base = base;
            this.http = http;
        }

        static SignedInClient signIn(URI base, String user, String password) throws Exception {
            CookieManager cookies = new CookieManager();
            HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
            http.send(HttpRequest.newBuilder(base.resolve("/login")).build(), HttpResponse.BodyHandlers.discarding());
            String csrf = cookies.getCookieStore()
                .getCookies()
                .stream()
                .filter((cookie) -> cookie.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElseThrow();
            HttpResponse<Void> login = http.send(HttpRequest.newBuilder(base.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password))
                .build(), HttpResponse.BodyHandlers.discarding());
            assertThat(login.statusCode()).as("login redirects").isEqualTo(302);
            assertThat(login.headers().firstValue("Location"))
                .hasValueSatisfying((location) -> assertThat(location).doesNotContain("error"));
            return new SignedInClient(base, http);
        }

        Negotiation negotiate() {
            long started = System.nanoTime();
            try {
                HttpResponse<String> response = this.http.send(
                        HttpRequest.newBuilder(this.base.resolve("/negotiate")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long ended = System.nanoTime();
                String token = (response.statusCode() == 200) ? JSON.readTree(response.body()).get("token").asString()
                        : null;
                return new Negotiation(response.statusCode(), token, started, ended);
            }
            catch (IOException ex) {
                return new Negotiation(-1, null, started, System.nanoTime());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return new Negotiation(-1, null, started, System.nanoTime());
            }
        }

    }

}
