package io.github.webpubsub.token;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared test values. The access key is 44 characters long like a real one, and is also
 * valid base64, so that a test can tell "signed with its UTF-8 bytes" apart from "signed
 * with its base64 decoding".
 */
final class TestKeys {

    static final String ACCESS_KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr";

    static final String OTHER_ACCESS_KEY = "rqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA";

    static final URI ENDPOINT = URI.create("https://example.webpubsub.azure.com");

    static final String CONNECTION_STRING = "Endpoint=" + ENDPOINT + ";AccessKey=" + ACCESS_KEY + ";Version=1.0;";

    /** A moment with a fractional second, so that truncation and rounding show. */
    static final Instant NOW = Instant.parse("2030-01-15T10:20:30.750Z");

    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private TestKeys() {
    }

    /**
     * Shortest piece of a secret that counts as leaked: long enough that it cannot occur
     * in message text by chance.
     */
    static final int LEAK_PIECE = 8;

    /**
     * Fails if a text contains a secret, or any piece of it of {@value #LEAK_PIECE}
     * characters.
     */
    static void assertNoPartOf(String secret, String text) {
        assertThat(text).as("text must not contain the secret").doesNotContain(secret);
        for (int i = 0; i + LEAK_PIECE <= secret.length(); i++) {
            String piece = secret.substring(i, i + LEAK_PIECE);
            assertThat(text).as("text must not contain part of the secret: %s", piece).doesNotContain(piece);
        }
    }

    static ClientUrlFactory.Builder factoryBuilder() {
        return ClientUrlFactory.builder().endpoint(ENDPOINT).accessKey(ACCESS_KEY).hub("chat").clock(CLOCK);
    }

    static ClientUrlFactory factory() {
        return factoryBuilder().build();
    }

    static ClientUrlFactory factory(String connectionString) {
        return ClientUrlFactory.builder().connectionString(connectionString).hub("chat").clock(CLOCK).build();
    }

}
