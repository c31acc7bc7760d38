package io.github.webpubsub.token.support;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LoopbackHosts}: the one rule for hosts that name this machine, never resolved.
 */
class LoopbackHostsTests {

    @ParameterizedTest
    @ValueSource(strings = { "localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "127.255.255.255", "[::1]", "::1",
            "[0:0:0:0:0:0:0:1]", "0:0:0:0:0:0:0:1" })
    void theseNameThisMachine(String host) {
        assertThat(LoopbackHosts.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "127.example.com", "localhost.example.com", "example.com", "128.0.0.1", "10.0.0.1",
            "127.0.0.256", "127.0.0", "0.0.0.0", "[::2]", "::", "[::ffff:7f00:1]x", "[::1", "::1]", "[fe80::1]",
            "127.0.0.1.nip.io" })
    void theseDoNot(String host) {
        assertThat(LoopbackHosts.isLoopback(host)).isFalse();
    }

    @Test
    void aUriIsJudgedByItsHost() {
        assertThat(LoopbackHosts.isLoopback(URI.create("http://127.0.0.1:8080/path"))).isTrue();
        assertThat(LoopbackHosts.isLoopback(URI.create("http://[::1]:8080"))).isTrue();
        assertThat(LoopbackHosts.isLoopback(URI.create("https://example.webpubsub.azure.com"))).isFalse();
        assertThat(LoopbackHosts.isLoopback(URI.create("mailto:a@localhost"))).isFalse();
        assertThat(LoopbackHosts.isLoopback((URI) null)).isFalse();
        assertThat(LoopbackHosts.isLoopback((String) null)).isFalse();
    }

}
