package io.github.webpubsub.token;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static io.github.webpubsub.token.TestKeys.LEAK_PIECE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Randomised properties of {@link WebPubSubConnectionString#parse(String)}, over
 * connection strings built from valid and broken parts, with the access key also planted
 * in odd places (the endpoint, the port, unknown segments, a segment without '='), plus
 * plain noise.
 *
 * <p>
 * Plain JUnit with a seeded {@link Random}: each run draws a new seed and every failure
 * names it; rerun with {@code -Dwebpubsub.test.seed=<seed>} to get the same inputs again.
 */
class WebPubSubConnectionStringPropertyTests {

    private static final int CASES = 3000;

    private static final String SEED_PROPERTY = "webpubsub.test.seed";

    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static final String NOISE = "abcXYZ019;;==::/?#@[]%. \t-_~é";

    private static final String[] HUBS = { "chat", "a", "Hub_1", "x".repeat(128) };

    @Test
    void parseThrowsNothingButInvalidWebPubSubSettingException() {
        forEachCase(input -> {
            try {
                WebPubSubConnectionString.parse(input.connectionString());
            }
            catch (InvalidWebPubSubSettingException ex) {
                assertThat(ex.getMessage()).isNotBlank();
            }
            catch (RuntimeException | Error ex) {
                throw new AssertionError("parse threw " + ex.getClass().getName() + " for " + input, ex);
            }
        });
    }

    @Test
    void theKeyNeverAppearsInAMessageNorInToString() {
        forEachCase(input -> {
            try {
                WebPubSubConnectionString parsed = WebPubSubConnectionString.parse(input.connectionString());
                String endpoint = parsed.endpoint().toString();
                if (!containsPartOf(endpoint, input.key())) {
                    // Only where the key was not written into the endpoint itself, which
                    // is not secret.
                    TestKeys.assertNoPartOf(input.key(), parsed.toString());
                }
            }
            catch (InvalidWebPubSubSettingException ex) {
                TestKeys.assertNoPartOf(input.key(), ex.getMessage());
            }
        });
    }

    @Test
    void everyAcceptedInputGivesAnAudienceAndUrlThatUriCreateAcceptsWithNoDoubleSlashAfterTheAuthority() {
        int[] accepted = { 0 };
        forEachCase(input -> {
            WebPubSubConnectionString parsed;
            try {
                parsed = WebPubSubConnectionString.parse(input.connectionString());
            }
            catch (InvalidWebPubSubSettingException ex) {
                return;
            }
            accepted[0]++;
            String hub = HUBS[Math.floorMod(input.connectionString().hashCode(), HUBS.length)];
            ClientUrlFactory factory = ClientUrlFactory.builder()
                .connectionString(parsed)
                .hub(hub)
                .clock(TestKeys.CLOCK)
                .build();
            for (ClientProtocol protocol : ClientProtocol.values()) {
                ClientAccess access = factory.create(request -> request.protocol(protocol).userId("u"));
                String audience = ClientTokens.verifiedClaims(access.token(), parsed.accessKey(), TestKeys.NOW)
                    .get("aud")
                    .asText();
                String url = access.url().toString();

                URI audienceUri = URI.create(audience);
                URI urlUri = URI.create(url);
                assertThat(afterAuthority(audience)).as("audience %s", audience).doesNotContain("//");
                assertThat(afterAuthority(url)).as("url %s", url).doesNotContain("//");
                assertThat(audience).isEqualTo(parsed.endpoint() + "/" + protocol.hubPath(hub));
                assertThat(audienceUri.getScheme()).isIn("http", "https");
                assertThat(urlUri.getScheme()).isEqualTo(audienceUri.getScheme().equals("https") ? "wss" : "ws");
                assertThat(urlUri.getRawAuthority()).isEqualTo(audienceUri.getRawAuthority());
                assertThat(urlUri.getRawPath()).isEqualTo(audienceUri.getRawPath());
                assertThat(urlUri.getRawQuery()).isEqualTo("access_token=" + access.token());
                assertThat(urlUri.getRawFragment()).isNull();
            }
        });
        assertThat(accepted[0]).as("accepted inputs, so that the property is not vacuous").isGreaterThan(CASES / 5);
    }

    private static String afterAuthority(String uri) {
        String rest = uri.substring(uri.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        return (slash < 0) ? "" : rest.substring(slash);
    }

    private static boolean containsPartOf(String text, String secret) {
        for (int i = 0; i + LEAK_PIECE <= secret.length(); i++) {
            if (text.contains(secret.substring(i, i + LEAK_PIECE))) {
                return true;
            }
        }
        return text.contains(secret);
    }

    private static void forEachCase(Consumer<Input> property) {
        String given = System.getProperty(SEED_PROPERTY);
        long seed = (given != null) ? Long.parseLong(given) : new Random().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            Input input = Input.generate(random);
            try {
                property.accept(input);
            }
            catch (AssertionError ex) {
                fail("Property failed for case " + i + " of seed " + seed + " (rerun with -D" + SEED_PROPERTY + "="
                        + seed + "): " + input + System.lineSeparator() + ex.getMessage(), ex);
            }
        }
    }

    /**
     * One generated connection string and the access key planted in it.
     */
    record Input(String connectionString, String key) {

        static Input generate(Random random) {
            String key = key(random);
            if (random.nextInt(10) == 0) {
                return new Input(noise(random, key), key);
            }
            // Half the cases are built from well-formed parts only, so that many are
            // accepted.
            boolean wellFormed = random.nextBoolean();
            List<String> segments = new ArrayList<>();
            if (wellFormed || random.nextInt(20) != 0) {
                segments
                    .add(segment(random, "Endpoint", wellFormed ? wellFormedEndpoint(random) : endpoint(random, key)));
            }
            if (wellFormed || random.nextInt(20) != 0) {
                segments.add(segment(random, "AccessKey", key));
            }
            if (random.nextInt(4) == 0) {
                segments.add(segment(random, "Port",
                        wellFormed ? String.valueOf(1 + random.nextInt(65535)) : port(random, key)));
            }
            if (random.nextBoolean()) {
                segments.add(segment(random, "Version", "1.0"));
            }
            int extras = random.nextInt(4);
            for (int i = 0; i < extras; i++) {
                segments.add(wellFormed ? harmlessExtra(random, key) : extra(random, key));
            }
            if (!wellFormed && random.nextInt(10) == 0 && !segments.isEmpty()) {
                segments.add(segments.get(random.nextInt(segments.size())));
            }
            Collections.shuffle(segments, random);
            return new Input(String.join(";", segments) + (random.nextBoolean() ? ";" : ""), key);
        }

        private static String key(Random random) {
            int length = switch (random.nextInt(6)) {
                case 0 -> 16 + random.nextInt(16);
                case 1 -> 45 + random.nextInt(60);
                default -> 44;
            };
            StringBuilder key = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                key.append(BASE64.charAt(random.nextInt(BASE64.length())));
            }
            if (random.nextInt(3) == 0) {
                key.setCharAt(length - 1, '=');
            }
            return key.toString();
        }

        private static String segment(Random random, String name, String value) {
            return pad(random) + randomCase(random, name) + pad(random) + "=" + pad(random) + value + pad(random);
        }

        private static String harmlessExtra(Random random, String key) {
            return switch (random.nextInt(5)) {
                case 0 -> "";
                case 1 -> pad(random) + " ";
                case 2 -> segment(random, "ClientEndpoint", "https://client.example.com");
                case 3 -> segment(random, "Secret", key);
                default -> segment(random, "Unknown", "a=b=c");
            };
        }

        private static String extra(Random random, String key) {
            return switch (random.nextInt(9)) {
                case 0 -> "";
                case 1 -> pad(random) + " ";
                case 2 -> segment(random, "ClientEndpoint", "https://client.example.com");
                case 3 -> segment(random, "Secret", key);
                case 4 -> key;
                case 5 -> "=" + key;
                case 6 -> segment(random, key.substring(0, 10), "x");
                case 7 -> "NoEqualsSign";
                default -> segment(random, "Unknown", "a=b=c");
            };
        }

        private static String endpoint(Random random, String key) {
            StringBuilder endpoint = new StringBuilder();
            endpoint.append(pick(random, "https", "https", "https", "https", "http", "http", "HTTPS", "Http", "ftp",
                    "wss", "", "file"));
            endpoint.append(pick(random, "://", "://", "://", "://", "://", "://", ":/", ":", "", ":///"));
            if (random.nextInt(20) == 0) {
                endpoint.append(random.nextBoolean() ? "user:pw@" : key + "@");
            }
            endpoint.append(pick(random, "example.webpubsub.azure.com", "example.webpubsub.azure.com", "localhost",
                    "127.0.0.1", "[::1]", "my-host", "a.b.c.d", "xn--bcher-kva.example", "UPPER.Example.COM",
                    "host_with_underscore", "", "exa mple", "ex%41mple.com", key));
            if (random.nextInt(5) == 0) {
                endpoint.append(':')
                    .append(pick(random, String.valueOf(random.nextInt(70000)), "", "abc", "443", "8080",
                            "99999999999"));
            }
            int segments = random.nextInt(4);
            for (int i = 0; i < segments; i++) {
                endpoint.append('/')
                    .append(pick(random, "prefix", "a", "", "b c", "%20", "%2F", ".", "..", "x.y", "~user", "é", "api",
                            "client", "hubs", "a;b", key));
            }
            if (random.nextBoolean()) {
                endpoint.append('/');
            }
            if (random.nextInt(20) == 0) {
                endpoint.append('?').append(random.nextBoolean() ? "x=1" : key);
            }
            if (random.nextInt(20) == 0) {
                endpoint.append('#').append(random.nextBoolean() ? "top" : key);
            }
            return endpoint.toString();
        }

        private static String wellFormedEndpoint(Random random) {
            StringBuilder endpoint = new StringBuilder();
            endpoint.append(pick(random, "https", "https", "http", "HTTPS", "Http")).append("://");
            endpoint.append(pick(random, "example.webpubsub.azure.com", "localhost", "127.0.0.1", "[::1]", "my-host",
                    "UPPER.Example.COM", "xn--bcher-kva.example"));
            if (random.nextInt(4) == 0) {
                endpoint.append(':').append(1 + random.nextInt(65535));
            }
            int segments = random.nextInt(3);
            for (int i = 0; i < segments; i++) {
                endpoint.append('/')
                    .append(pick(random, "prefix", "a", "%20", "%2F", "x.y", "~user", "é", "api", "client", "hubs",
                            "."));
            }
            if (random.nextBoolean()) {
                endpoint.append('/');
            }
            return endpoint.toString();
        }

        private static String port(Random random, String key) {
            return switch (random.nextInt(8)) {
                case 0 -> "0";
                case 1 -> "65536";
                case 2 -> "-1";
                case 3 -> key;
                case 4 -> "";
                case 5 -> "443";
                default -> String.valueOf(1 + random.nextInt(65535));
            };
        }

        private static String noise(Random random, String key) {
            StringBuilder noise = new StringBuilder();
            int length = random.nextInt(120);
            for (int i = 0; i < length; i++) {
                if (random.nextInt(30) == 0) {
                    noise.append(key);
                }
                else {
                    noise.append(NOISE.charAt(random.nextInt(NOISE.length())));
                }
            }
            return noise.toString();
        }

        private static String randomCase(Random random, String name) {
            return switch (random.nextInt(4)) {
                case 0 -> name.toLowerCase(Locale.ROOT);
                case 1 -> name.toUpperCase(Locale.ROOT);
                default -> name;
            };
        }

        private static String pad(Random random) {
            return pick(random, "", "", "", " ", "\t", "  ");
        }

        private static String pick(Random random, String... choices) {
            return choices[random.nextInt(choices.length)];
        }

    }

}
