package io.github.webpubsub.localhub;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link LocalWebPubSubHub}: where it agrees to listen, and what it shows of
 * itself.
 */
class LocalWebPubSubHubTests {

    private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr";

    @Test
    void startsOnAFreePortOfTheIpv4LoopbackWithARandomKey() {
        try (LocalWebPubSubHub hub = LocalWebPubSubHub.start()) {
            assertThat(hub.endpoint().getScheme()).isEqualTo("http");
            assertThat(hub.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(hub.accessKey()).hasSize(44);
            assertThat(hub.connectionString())
                .isEqualTo("Endpoint=" + hub.endpoint() + ";AccessKey=" + hub.accessKey() + ";Version=1.0;");
            assertThat(hub.toString())
                .isEqualTo("LocalWebPubSubHub[Endpoint=" + hub.endpoint() + ";AccessKey=******;Version=1.0;]");
        }
    }

    @Test
    void localhostListensOnBothLoopbackAddresses() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (LocalWebPubSubHub hub = LocalWebPubSubHub.builder()
            .endpoint(URI.create("http://localhost:" + port))
            .accessKey(KEY)
            .start()) {
            assertThat(hub.endpoint()).isEqualTo(URI.create("http://localhost:" + port));
            assertThat(hub.accessKey()).isEqualTo(KEY);
            try (Socket ipv4 = new Socket()) {
                ipv4.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                assertThat(ipv4.isConnected()).isTrue();
            }
        }
    }

    @Test
    void refusesEndpointsItCannotServeSayingWhy() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> LocalWebPubSubHub.builder().endpoint(URI.create("http://192.168.1.20:8080")))
            .withMessage("The local hub serves this machine only: give an endpoint on localhost, 127.0.0.1 or [::1], "
                    + "not 192.168.1.20.");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> LocalWebPubSubHub.builder().endpoint(URI.create("https://localhost:8443")))
            .withMessage("The local hub serves plain http: give an http:// endpoint, such as http://localhost:8081.");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> LocalWebPubSubHub.builder().endpoint(URI.create("http://localhost:8081/proxy")))
            .withMessageStartingWith("The local hub serves at the root of an address");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> LocalWebPubSubHub.builder().endpoint(URI.create("http://127.0.0.1.nip.io:8081")))
            .withMessageContaining("this machine only");
    }

    @Test
    void tellsWhichEndpointsItCanServeWithoutLookingNamesUp() {
        assertThat(LocalWebPubSubHub.canServe(URI.create("http://localhost:8080"))).isTrue();
        assertThat(LocalWebPubSubHub.canServe(URI.create("http://127.3.2.1:8080"))).isTrue();
        assertThat(LocalWebPubSubHub.canServe(URI.create("http://[::1]:8080"))).isTrue();
        assertThat(LocalWebPubSubHub.canServe(URI.create("HTTP://LOCALHOST:8080"))).isTrue();
        assertThat(LocalWebPubSubHub.canServe(URI.create("http://127.255.255.254"))).isTrue();
        assertThat(LocalWebPubSubHub.canServe(URI.create("http://[0:0:0:0:0:0:0:1]"))).isTrue();
        assertThat(LocalWebPubSubHub.canServe(URI.create("http://[::ffff:7f00:1]"))).as("IPv4-mapped").isTrue();
        assertThat(LocalWebPubSubHub.canServe(URI.create("http://128.0.0.1"))).isFalse();
        assertThat(LocalWebPubSubHub.canServe(URI.create("https://localhost:8080"))).isFalse();
        assertThat(LocalWebPubSubHub.canServe(URI.create("http://127.0.0.1.example.com"))).isFalse();
        assertThat(LocalWebPubSubHub.canServe(URI.create("http://256.0.0.1"))).isFalse();
        assertThat(LocalWebPubSubHub.canServe(URI.create("http://[::2]:8080"))).isFalse();
        assertThat(LocalWebPubSubHub.canServe(URI.create("http://0.0.0.0:8080"))).isFalse();
        assertThat(LocalWebPubSubHub.canServe(URI.create("http://contoso.webpubsub.azure.com"))).isFalse();
    }

    @Test
    void peersOffThisMachineAreNotLoopback() {
        assertThat(Loopback.isLoopbackPeer(new InetSocketAddress("127.0.0.1", 1))).isTrue();
        assertThat(Loopback.isLoopbackPeer(new InetSocketAddress("::1", 1))).isTrue();
        assertThat(Loopback.isLoopbackPeer(new InetSocketAddress("192.0.2.7", 1))).isFalse();
        assertThat(Loopback.isLoopbackPeer(InetSocketAddress.createUnresolved("localhost", 1))).isFalse();
    }

    @Test
    void aRequestIsFromThisMachineOnlyIfItsPeerAndEveryForwardedClientAreLoopback() {
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 1);
        assertThat(Loopback.isFromThisMachine(local, List.of(), List.of())).isTrue();
        assertThat(Loopback.isFromThisMachine(local, List.of("for=\"[::1]:4711\";proto=http"),
                List.of("127.0.0.1, 127.0.0.2")))
            .isTrue();
        assertThat(Loopback.isFromThisMachine(new InetSocketAddress("10.1.2.3", 1), List.of(), List.of())).isFalse();
        assertThat(Loopback.isFromThisMachine(local, List.of(), List.of("127.0.0.1, 10.1.2.3"))).isFalse();
        assertThat(Loopback.isFromThisMachine(local, List.of("for=_hidden"), List.of())).isFalse();
        assertThat(Loopback.isFromThisMachine(local, List.of("for=localhost"), List.of())).isFalse();
        assertThat(Loopback.isFromThisMachine(local, List.of("proto=https;for=192.0.2.7:80"), List.of())).isFalse();
    }

    @Test
    void takenPortIsReportedWithTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatIllegalStateException()
                .isThrownBy(() -> LocalWebPubSubHub.builder().port(taken.getLocalPort()).start())
                .withMessageStartingWith("The local hub cannot listen at http://127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void unusableKeyIsRefusedBeforeListening() {
        assertThatIllegalArgumentException().isThrownBy(() -> LocalWebPubSubHub.builder().accessKey("short").start())
            .withMessage("The local hub's access key has 5 bytes; HS256 needs at least 32.");
    }

}
