package io.github.webpubsub.sample.devhub;

import java.net.InetAddress;
import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackTests {

    @Test
    void recognisesLoopbackHostsWithoutLookingNamesUp() {
        assertThat(Loopback.isLoopback(URI.create("http://localhost"))).isTrue();
        assertThat(Loopback.isLoopback(URI.create("http://LocalHost:8080"))).isTrue();
        assertThat(Loopback.isLoopback(URI.create("http://127.255.255.254"))).isTrue();
        assertThat(Loopback.isLoopback(URI.create("http://[0:0:0:0:0:0:0:1]"))).isTrue();
        assertThat(Loopback.isLoopback(URI.create("http://[::ffff:7f00:1]"))).isTrue();
        assertThat(Loopback.isLoopback(URI.create("http://128.0.0.1"))).isFalse();
        assertThat(Loopback.isLoopback(URI.create("http://127.0.0.256"))).isFalse();
        assertThat(Loopback.isLoopback(URI.create("http://127.0.0.1.nip.io"))).isFalse();
        assertThat(Loopback.isLoopback(URI.create("http://localhost.example.com"))).isFalse();
    }

    @Test
    void recognisesLoopbackLiteralsAsProxiesWriteThem() {
        assertThat(Loopback.isLoopbackLiteral("127.0.0.1")).isTrue();
        assertThat(Loopback.isLoopbackLiteral(" 127.1.2.3 ")).isTrue();
        assertThat(Loopback.isLoopbackLiteral("::1")).isTrue();
        assertThat(Loopback.isLoopbackLiteral("[::1]")).isTrue();
        assertThat(Loopback.isLoopbackLiteral("::ffff:127.0.0.1")).isTrue();
        assertThat(Loopback.isLoopbackLiteral("10.1.2.3")).isFalse();
        assertThat(Loopback.isLoopbackLiteral("2001:db8::1")).isFalse();
        assertThat(Loopback.isLoopbackLiteral("localhost")).as("a name, not a literal").isFalse();
        assertThat(Loopback.isLoopbackLiteral("unknown")).isFalse();
        assertThat(Loopback.isLoopbackLiteral("_hidden")).isFalse();
        assertThat(Loopback.isLoopbackLiteral("")).isFalse();
        assertThat(Loopback.isLoopbackLiteral(".:1")).isFalse();
    }

    @Test
    void serverListensOnTheEndpointsLoopbackLiteralElseOn127001() throws Exception {
        assertThat(Loopback.serverAddress(URI.create("http://localhost:8080")))
            .isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(Loopback.serverAddress(URI.create("http://127.8.9.10:8080")))
            .isEqualTo(InetAddress.getByName("127.8.9.10"));
        assertThat(Loopback.serverAddress(URI.create("https://[::1]:8443"))).isEqualTo(InetAddress.getByName("::1"));
    }

}
