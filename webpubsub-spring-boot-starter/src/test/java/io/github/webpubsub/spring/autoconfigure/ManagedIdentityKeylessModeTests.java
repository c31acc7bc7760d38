package io.github.webpubsub.spring.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real azure-identity {@code DefaultAzureCredential}, built by the starter, against a
 * managed identity endpoint on 127.0.0.1 that is set the way App Service sets it:
 * {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER} in the process environment.
 * azure-identity (through MSAL) reads those from the environment itself, which a running
 * JVM cannot change, so the application runs in a JVM of its own
 * ({@link KeylessApplication}) with that environment. {@link LoopbackAzure} is both the
 * managed identity endpoint and the Web PubSub REST API. azure-identity's calls go
 * through its default HTTP client, azure-core-http-netty, on the Netty version that
 * Spring Boot manages.
 */
class ManagedIdentityKeylessModeTests {

    private static final String CLIENT_ID = "6f1ac5ee-4c1f-4a47-9a0c-0f1d6c1b2a3e";

    private static final int URLS = 20;

    @Test
    void identityTokenIsFetchedOnceAndAuthorisesEveryServiceCall() throws Exception {
        try (LoopbackAzure azure = LoopbackAzure.start()) {
            List<String> output = runKeylessApplication(azure);

            assertThat(azure.identityRequests()).singleElement().satisfies((request) -> {
                assertThat(request.method()).isEqualTo("GET");
                assertThat(request.header("x-identity-header")).isEqualTo(LoopbackAzure.IDENTITY_HEADER);
                assertThat(request.query("resource")).isEqualTo("https://webpubsub.azure.com");
                assertThat(request.query("client_id")).isEqualTo(CLIENT_ID);
            });
            assertThat(azure.tokenApiRequests()).hasSize(URLS).allSatisfy((request) -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.path()).isEqualTo("/api/hubs/chat/:generateToken");
                assertThat(request.header("authorization")).isEqualTo("Bearer " + LoopbackAzure.IDENTITY_TOKEN);
            });
            List<String> urls = output.stream()
                .filter((line) -> line.startsWith(KeylessApplication.ACCESS_LINE))
                .map((line) -> line.substring(KeylessApplication.ACCESS_LINE.length()))
                .toList();
            assertThat(urls).hasSize(URLS);
            String baseUrl = "ws://127.0.0.1:" + azure.uri().getPort() + "/client/hubs/chat?access_token=";
            for (int i = 0; i < URLS; i++) {
                String[] userAndUrl = urls.get(i).split(" ");
                assertThat(userAndUrl[0]).isEqualTo("user-" + i);
                assertThat(userAndUrl[1]).startsWith(baseUrl);
                assertThat(subject(userAndUrl[1].substring(baseUrl.length()))).isEqualTo("user-" + i);
            }
            assertThat(output).contains(KeylessApplication.PROVIDER_LINE
                    + "TokenCredentialBearerTokenProvider[credential=com.azure.identity.DefaultAzureCredential]");
            assertThat(String.join("\n", output)).doesNotContain(LoopbackAzure.IDENTITY_TOKEN)
                .doesNotContain(LoopbackAzure.IDENTITY_HEADER);
        }
    }

    /**
     * Runs {@link KeylessApplication} with this test's class path, in an environment that
     * has the managed identity variables of App Service and none of the other Azure
     * variables this machine may have.
     */
    private static List<String> runKeylessApplication(LoopbackAzure azure) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KeylessApplication.class.getName(),
                azure.uri().toString(), CLIENT_ID, Integer.toString(URLS));
        Map<String, String> environment = builder.environment();
        environment.keySet()
            .removeIf((name) -> name.startsWith("AZURE_") || name.startsWith("IDENTITY_") || name.startsWith("MSI_")
                    || name.equals("IMDS_ENDPOINT"));
        environment.put("IDENTITY_ENDPOINT", azure.identityEndpoint().toString());
        environment.put("IDENTITY_HEADER", LoopbackAzure.IDENTITY_HEADER);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (IOException ex) {
                return "Reading the output failed: " + ex;
            }
        });
        boolean exited = process.waitFor(2, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String text = output.join();
        assertThat(exited).as("application exited in time; output:%n%s", text).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", text).isZero();
        return new ArrayList<>(text.lines().toList());
    }

    private static Object subject(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return JsonParserFactory.getJsonParser().parseMap(payload).get("sub");
    }

}
