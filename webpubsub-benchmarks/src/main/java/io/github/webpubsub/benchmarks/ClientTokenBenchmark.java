package io.github.webpubsub.benchmarks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.WebPubSubServiceClientBuilder;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.azure.messaging.webpubsub.models.WebPubSubClientAccessToken;
import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientUrlFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import reactor.core.publisher.Mono;

/**
 * One client access token, three ways, with the same claims: a user id, one role, one
 * group, the default protocol, the default lifetime (one hour).
 *
 * <ul>
 * <li>{@link #ours()}: this project's {@code factory.create(request)}: the signed token,
 * its expiry and the base URL.</li>
 * <li>{@link #oursWithUrl()}: the same, then {@code url()}: the very output of the SDK,
 * which builds its URL string eagerly, where ours builds (and so parses) a {@link URI} on
 * demand.</li>
 * <li>{@link #officialSdk()}:
 * {@code WebPubSubServiceClient.getClientAccessToken(options)} of
 * {@code com.azure:azure-messaging-webpubsub} in access-key mode (no HTTP call), which
 * returns the token and the URL string.</li>
 * <li>{@link #rawHmac()}: the lower bound: base64url of the very header and claims bytes
 * our token carries, one HMAC-SHA256 with a reused {@link Mac}, base64url of the
 * signature, joined with dots.</li>
 * </ul>
 * The {@code ...WithRequestBuilding} pair also builds the request (ours validates and
 * parses the role string, the SDK only collects values) on each call, as a server that
 * mints one token per incoming request does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class ClientTokenBenchmark {

    /** 44 characters, like a real access key; the HMAC key is its UTF-8 bytes. */
    static final String ACCESS_KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr";

    static final String ENDPOINT = "https://demo.webpubsub.azure.com";

    static final String HUB = "chat";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    // Non-final fields, so the JIT cannot treat the inputs as constants.
    String userId = "alice";

    String role = "webpubsub.sendToGroup.lobby";

    String group = "lobby";

    ClientUrlFactory factory;

    ClientAccessRequest request;

    WebPubSubServiceClient sdk;

    GetClientAccessTokenOptions options;

    /** The JSON header and claims of one of our tokens, for the raw lower bound. */
    byte[] headerJson;

    byte[] claimsJson;

    Mac mac;

    /** The token {@link #headerJson} and {@link #claimsJson} were taken from. */
    String referenceToken;

    @Setup
    public void setUp() throws GeneralSecurityException {
        String connectionString = "Endpoint=" + ENDPOINT + ";AccessKey=" + ACCESS_KEY + ";Version=1.0;";
        this.factory = ClientUrlFactory.builder().connectionString(connectionString).hub(HUB).build();
        this.request = ClientAccessRequest.builder().userId(this.userId).roles(this.role).groups(this.group).build();
        this.sdk = new WebPubSubServiceClientBuilder().connectionString(connectionString)
            .hub(HUB)
            // Access-key mode signs locally and never sends; this client only satisfies
            // the builder.
            .httpClient(httpRequest -> Mono.error(new IllegalStateException("No HTTP call is expected")))
            .buildClient();
        this.options = new GetClientAccessTokenOptions().setUserId(this.userId)
            .setRoles(List.of(this.role))
            .setGroups(List.of(this.group));
        this.referenceToken = this.factory.create(this.request).token();
        String[] parts = this.referenceToken.split("\\.");
        Base64.Decoder decoder = Base64.getUrlDecoder();
        this.headerJson = decoder.decode(parts[0]);
        this.claimsJson = decoder.decode(parts[1]);
        this.mac = Mac.getInstance("HmacSHA256");
        this.mac.init(new SecretKeySpec(ACCESS_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }

    @Benchmark
    public ClientAccess ours() {
        return this.factory.create(this.request);
    }

    @Benchmark
    public URI oursWithUrl() {
        return this.factory.create(this.request).url();
    }

    @Benchmark
    public WebPubSubClientAccessToken officialSdk() {
        return this.sdk.getClientAccessToken(this.options);
    }

    @Benchmark
    public String rawHmac() {
        byte[] header = BASE64URL.encode(this.headerJson);
        byte[] claims = BASE64URL.encode(this.claimsJson);
        byte[] token = new byte[header.length + 1 + claims.length + 1 + 43];
        System.arraycopy(header, 0, token, 0, header.length);
        token[header.length] = '.';
        System.arraycopy(claims, 0, token, header.length + 1, claims.length);
        int signingInputLength = header.length + 1 + claims.length;
        this.mac.update(token, 0, signingInputLength);
        byte[] signature = BASE64URL.encode(this.mac.doFinal());
        token[signingInputLength] = '.';
        System.arraycopy(signature, 0, token, signingInputLength + 1, signature.length);
        return new String(token, StandardCharsets.US_ASCII);
    }

    @Benchmark
    public ClientAccess oursWithRequestBuilding() {
        return this.factory
            .create(ClientAccessRequest.builder().userId(this.userId).roles(this.role).groups(this.group).build());
    }

    @Benchmark
    public WebPubSubClientAccessToken officialSdkWithRequestBuilding() {
        GetClientAccessTokenOptions options = new GetClientAccessTokenOptions().setUserId(this.userId)
            .setRoles(List.of(this.role))
            .setGroups(List.of(this.group));
        return this.sdk.getClientAccessToken(options);
    }

}
