package io.github.webpubsub.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.github.webpubsub.spring.autoconfigure.WebPubSubAutoConfiguration;
import io.github.webpubsub.spring.negotiate.WebPubSubNegotiate;
import io.github.webpubsub.spring.negotiate.WebPubSubNegotiateAutoConfiguration;
import io.github.webpubsub.token.BearerToken;
import io.github.webpubsub.token.BearerTokenProvider;
import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.InvalidWebPubSubSettingException;
import io.github.webpubsub.token.WebPubSubConnectionString;
import io.github.webpubsub.token.WebPubSubServiceException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.provider.Arguments;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.config.Customizer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.web.servlet.MvcResult;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Every refusal in one table: bad connection strings, properties, annotation attributes,
 * placeholder values and service answers, each with the exact message it gets (what is
 * wrong and how to fix it) and the check that no secret (access key or any 8 characters
 * of one, connection string, bearer token, client token) appears in that message, in the
 * HTTP answer, or in anything logged while the case ran.
 *
 * <p>
 * Each layer is reached the way an application meets it:
 * {@link WebPubSubConnectionString#parse}; a Spring Boot context that fails to start, and
 * the failure report that Boot's own {@code FailureAnalyzer}s write for it; the negotiate
 * endpoints of a running application (key-less, against {@link ScriptedWebPubSubService})
 * through {@link MockMvc}; and the core's key-less {@link ClientUrlFactory} against the
 * same service.
 */
@SpringBootTest(classes = BadInputSuiteTests.NegotiateApplication.class,
        properties = { "webpubsub.hub=chat", "webpubsub.service.read-timeout=1s", "webpubsub.service.max-retries=2",
                "logging.level.io.github.webpubsub=debug" })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class BadInputSuiteTests {

    // The secrets. Keys are random, 44 characters, as the portal shows them.

    static final String ACCESS_KEY = "LWbGFizMDYCLtOXDwLm9oZDvzZGK+q4U6PGeKTQSHeM=";

    static final String OTHER_ACCESS_KEY = "8M3hbbWU2wxVE2And+AMIPepYfD5QkP8nX9A+4Bf8I0=";

    /** A key cut short by a bad copy: still secret. */
    static final String SHORT_KEY = "4dGiS2lSd5ysRv+VpMhD";

    static final String ENDPOINT = "https://contoso.webpubsub.azure.com";

    static final String CONNECTION_STRING = "Endpoint=" + ENDPOINT + ";AccessKey=" + ACCESS_KEY + ";Version=1.0;";

    /** The application's Microsoft Entra ID token for key-less mode. */
    static final String BEARER_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3dlYnB1YnN1Yi5henVyZS"
            + "5jb20iLCJvaWQiOiJiYWQtaW5wdXQtc3VpdGUifQ.ZW50cmEtaWQtc2lnbmF0dXJlLW9mLXRoZS1iZWFyZXItdG9rZW4";

    /** What a failing credential library might put in its exception: a client secret. */
    static final String CLIENT_SECRET = "Qx8~r2G.vB3kZ_aP9mW1nL5tY7cD0eF4hJ6sU";

    /** Secrets of which no 8 characters in a row may appear. */
    private static final List<String> SECRETS = Stream
        .concat(Stream.of(ACCESS_KEY, OTHER_ACCESS_KEY, SHORT_KEY, BEARER_TOKEN, CLIENT_SECRET),
                ScriptedWebPubSubService.TOKENS.stream())
        .toList();

    private static final Log logger = LogFactory.getLog(BadInputSuiteTests.class);

    /** Shortest piece of a secret that counts as leaked. */
    private static final int LEAK_PIECE = 8;

    static final ScriptedWebPubSubService SERVICE = ScriptedWebPubSubService.start();

    /**
     * The core's key-less factory, as an application builds it, calling {@link #SERVICE}.
     */
    private static final ClientUrlFactory KEYLESS_FACTORY = ClientUrlFactory.builder()
        .endpoint(SERVICE.uri())
        .bearerTokenProvider(BadInputSuiteTests::bearerToken)
        .hub("chat")
        .readTimeout(Duration.ofSeconds(1))
        .maxRetries(2)
        .build();

    @Autowired
    private MockMvc mvc;

    @DynamicPropertySource
    static void keylessMode(DynamicPropertyRegistry properties) {
        properties.add("webpubsub.endpoint", SERVICE::uri);
    }

    /**
     * Also checks what was logged outside the cases (each case checks its own): the
     * application's startup, and anything logged between two cases.
     */
    @AfterAll
    static void stopServiceAndCheckTheWholeLog(CapturedOutput output) {
        SERVICE.close();
        assertNoSecretIn("the log", output.getAll());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void refusedWithTheExactMessageAndNoSecret(BadInput input, CapturedOutput output) throws Exception {
        int logStart = output.getAll().length();
        Observed observed = input.attempt().run(new Fixtures(this.mvc, output, logStart, SignIn.MOCK_USER));
        String log = output.getAll().substring(logStart);

        assertThat(observed.outcome()).as(input.name()).isEqualTo(input.expected().resolve(SERVICE.uri()));
        assertNoSecretIn(input.name() + ": the outcome", observed.outcome().toString());
        assertNoSecretIn(input.name() + ": the rest of what the caller sees", observed.seenByCaller());
        assertNoSecretIn(input.name() + ": the log", log);
    }

    static Stream<BadInput> badInputs() {
        return Stream
            .of(connectionStrings(), properties(), annotationAttributes(), placeholderValues(), serviceAnswers(),
                    negotiateServiceFailures())
            .flatMap((layer) -> layer);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Connection strings: WebPubSubConnectionString.parse
    // ---------------------------------------------------------------------------------------------------------------

    private static final String EXPECTED_FORM = ". The expected form is Endpoint=https://<name>.webpubsub.azure.com;"
            + "AccessKey=<key>;Version=1.0;";

    private static final String ENDPOINT_FIX = "Use the endpoint shown on the resource's Keys page, for example "
            + "https://<name>.webpubsub.azure.com.";

    private static final String KEY_FIX = "Copy a full access key (44 characters) from the Keys page of the Web "
            + "PubSub resource.";

    private static final String PORT_RULE = "Invalid Web PubSub connection string: Port must be a whole number from 1 "
            + "to 65535, or be left out to use the endpoint's port" + EXPECTED_FORM;

    static Stream<BadInput> connectionStrings() {
        String key = ";AccessKey=" + ACCESS_KEY + ";Version=1.0;";
        return Stream.of(
                connectionString("empty", "", "Invalid Web PubSub connection string: it is empty" + EXPECTED_FORM),
                connectionString("separators only", ";;;",
                        "Invalid Web PubSub connection string: Endpoint is missing or empty; add "
                                + "Endpoint=https://<name>.webpubsub.azure.com" + EXPECTED_FORM),
                connectionString("garbage", "not a connection string",
                        "Invalid Web PubSub connection string: a segment has no '=' (segments are Name=Value, "
                                + "separated by ';')" + EXPECTED_FORM),
                connectionString("Endpoint missing", "AccessKey=" + ACCESS_KEY + ";Version=1.0;",
                        "Invalid Web PubSub connection string: Endpoint is missing or empty; add "
                                + "Endpoint=https://<name>.webpubsub.azure.com" + EXPECTED_FORM),
                connectionString("Endpoint empty", "Endpoint=" + key,
                        "Invalid Web PubSub connection string: Endpoint is missing or empty; add "
                                + "Endpoint=https://<name>.webpubsub.azure.com" + EXPECTED_FORM),
                connectionString("AccessKey missing", "Endpoint=" + ENDPOINT + ";Version=1.0;",
                        "Invalid Web PubSub connection string: AccessKey is missing or empty; add AccessKey=<key> as "
                                + "shown on the Keys page of the resource" + EXPECTED_FORM),
                connectionString("AccessKey empty", "Endpoint=" + ENDPOINT + ";AccessKey= ;Version=1.0;",
                        "Invalid Web PubSub connection string: AccessKey is missing or empty; add AccessKey=<key> as "
                                + "shown on the Keys page of the resource" + EXPECTED_FORM),
                connectionString("key spilled into the Endpoint by a comma",
                        "Endpoint=" + ENDPOINT + ",AccessKey=" + ACCESS_KEY + ",Version=1.0",
                        "Invalid Web PubSub connection string: the Endpoint value holds 'AccessKey='; separate the "
                                + "segments with ';', not ',' or spaces" + EXPECTED_FORM),
                connectionString("key spilled into the Endpoint by a space",
                        "Endpoint=" + ENDPOINT + " AccessKey=" + ACCESS_KEY + " Version=1.0",
                        "Invalid Web PubSub connection string: the Endpoint value holds 'AccessKey='; separate the "
                                + "segments with ';', not ',' or spaces" + EXPECTED_FORM),
                connectionString("Endpoint twice",
                        "Endpoint=" + ENDPOINT + ";endpoint=https://other.webpubsub.azure.com" + key,
                        "Invalid Web PubSub connection string: Endpoint appears twice; keep exactly one"
                                + EXPECTED_FORM),
                connectionString("AccessKey twice, with different keys",
                        "Endpoint=" + ENDPOINT + key + "ACCESSKEY=" + OTHER_ACCESS_KEY,
                        "Invalid Web PubSub connection string: AccessKey appears twice; keep exactly one"
                                + EXPECTED_FORM),
                connectionString("ftp endpoint", "Endpoint=ftp://contoso.webpubsub.azure.com" + key,
                        "Endpoint of the connection string must use https (or http for a local service). "
                                + ENDPOINT_FIX),
                connectionString("client URL as endpoint",
                        "Endpoint=wss://contoso.webpubsub.azure.com/client/hubs/chat" + key,
                        "Endpoint of the connection string must use https (or http for a local service). "
                                + ENDPOINT_FIX),
                connectionString("endpoint without scheme", "Endpoint=contoso.webpubsub.azure.com" + key,
                        "Endpoint of the connection string is not an absolute http(s) URI. " + ENDPOINT_FIX),
                connectionString("endpoint with a space", "Endpoint=https://contoso webpubsub.azure.com" + key,
                        "Endpoint of the connection string is not a valid URI (error at index "
                                + uriErrorIndex("https://contoso webpubsub.azure.com") + "). " + ENDPOINT_FIX),
                connectionString("key in the endpoint's user-info",
                        "Endpoint=https://admin:" + ACCESS_KEY + "@contoso.webpubsub.azure.com" + key,
                        "Endpoint of the connection string must not contain user information (user@). " + ENDPOINT_FIX),
                connectionString("key in the endpoint's query", "Endpoint=" + ENDPOINT + "?sig=" + ACCESS_KEY + key,
                        "Endpoint of the connection string must not have a query (?...). " + ENDPOINT_FIX),
                connectionString("key in the endpoint's fragment", "Endpoint=" + ENDPOINT + "#" + ACCESS_KEY + key,
                        "Endpoint of the connection string must not have a fragment (#...). " + ENDPOINT_FIX),
                connectionString("endpoint port above 65535", "Endpoint=" + ENDPOINT + ":70000" + key,
                        "Endpoint of the connection string has a port outside 1 to 65535. " + ENDPOINT_FIX),
                connectionString("Port 0", "Endpoint=" + ENDPOINT + key + "Port=0;", PORT_RULE),
                connectionString("Port 65536", "Endpoint=" + ENDPOINT + key + "Port=65536;", PORT_RULE),
                connectionString("Port with a sign", "Endpoint=" + ENDPOINT + key + "Port=+443;", PORT_RULE),
                connectionString("Port that is a scheme", "Endpoint=" + ENDPOINT + key + "Port=https;", PORT_RULE),
                connectionString("short key", "Endpoint=" + ENDPOINT + ";AccessKey=" + SHORT_KEY + ";Version=1.0;",
                        "Access key is 20 bytes long; HS256 needs at least 32. It looks truncated. " + KEY_FIX),
                connectionString("key ending in an em space (not trimmed)",
                        "Endpoint=" + ENDPOINT + ";AccessKey=" + ACCESS_KEY + "\u2003;Version=1.0;",
                        "Access key starts or ends with whitespace, which would change the signature. " + KEY_FIX),
                connectionString("key wrapped over two lines",
                        "Endpoint=" + ENDPOINT + ";AccessKey=" + ACCESS_KEY.substring(0, 30) + "\n"
                                + ACCESS_KEY.substring(30) + ";Version=1.0;",
                        "Access key has whitespace or a control character at index 30, which a key never has; tokens "
                                + "signed with it would be refused. " + KEY_FIX));
    }

    static BadInput connectionString(String name, String connectionString, String message) {
        return new BadInput("connection string: " + name, (fixtures) -> {
            try {
                WebPubSubConnectionString parsed = WebPubSubConnectionString.parse(connectionString);
                throw new AssertionError("Parsed: " + parsed);
            }
            catch (InvalidWebPubSubSettingException ex) {
                return Observed.exception(ex, ex.getClass().getSimpleName() + "[" + ex.setting() + "]");
            }
        }, new Outcome("InvalidWebPubSubSettingException[CONNECTION_STRING]", message, null));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Properties: a Spring Boot application that fails to start, and its failure report
    // ---------------------------------------------------------------------------------------------------------------

    private static final String MISCONFIGURED = "Web PubSub client access is misconfigured. ";

    private static final String MAX_LIFETIME_FIX = "Set 'webpubsub.token.max-lifetime' to a positive duration up to "
            + "365d, such as 24h, or remove it for the default.";

    private static final String CONNECTION_STRING_AS_KEY = "Access key is a whole connection string (it has an "
            + "Endpoint= or AccessKey= part), not a key. ";

    /**
     * A key file that holds the whole connection string, as a secret copied from the
     * wrong field would.
     */
    private static final Path KEY_FILE_WITH_CONNECTION_STRING = keyFile(CONNECTION_STRING + "\n");

    static Stream<BadInput> properties() {
        String connectionString = "webpubsub.connection-string=" + CONNECTION_STRING;
        String endpoint = "webpubsub.endpoint=" + ENDPOINT;
        return Stream.of(properties("nothing configured", List.of(),
                MISCONFIGURED + "No Web PubSub resource is configured: 'webpubsub.connection-string', "
                        + "'webpubsub.endpoint' and the AZURE_WEBPUBSUB_CONNECTIONSTRING environment variable "
                        + "are all unset.",
                "Set 'webpubsub.connection-string' to the connection string shown on the resource's Keys "
                        + "page, or 'webpubsub.endpoint' with 'webpubsub.access-key' (or "
                        + "'webpubsub.access-key-file'), or 'webpubsub.endpoint' alone to have the service mint "
                        + "the tokens for a Microsoft Entra ID identity "
                        + "(key-less mode). To run without Web PubSub, set 'webpubsub.enabled' to false."),
                properties("connection string and endpoint", List.of(connectionString, endpoint),
                        MISCONFIGURED + "Both 'webpubsub.connection-string' and 'webpubsub.endpoint' are set, so it is "
                                + "unclear which resource to use." + origin("webpubsub.connection-string"),
                        "Keep either 'webpubsub.connection-string', or 'webpubsub.endpoint' with "
                                + "'webpubsub.access-key', and remove the other."),
                properties("connection string and access key",
                        List.of(connectionString, "webpubsub.access-key=" + OTHER_ACCESS_KEY),
                        MISCONFIGURED + "Both 'webpubsub.connection-string' and 'webpubsub.access-key' are set, so it "
                                + "is unclear which resource to use." + origin("webpubsub.connection-string"),
                        "Keep either 'webpubsub.connection-string', or 'webpubsub.endpoint' with "
                                + "'webpubsub.access-key', and remove the other."),
                properties("access key without endpoint", List.of("webpubsub.access-key=" + ACCESS_KEY),
                        MISCONFIGURED + "'webpubsub.access-key' is set but 'webpubsub.endpoint' is not, so there is no "
                                + "resource to sign for.",
                        "Set 'webpubsub.endpoint' to the endpoint shown on the resource's Keys page, such as "
                                + "https://example.webpubsub.azure.com."),
                properties("short access key", List.of(endpoint, "webpubsub.access-key=" + SHORT_KEY),
                        MISCONFIGURED + "'webpubsub.access-key' is invalid. Access key is 20 bytes long; HS256 needs "
                                + "at least 32. It looks truncated. " + KEY_FIX + origin("webpubsub.access-key"),
                        "Copy a full access key (44 characters) from the Keys page of the Web PubSub resource into "
                                + "'webpubsub.access-key'."),
                properties("short key in the connection string",
                        List.of("webpubsub.connection-string=Endpoint=" + ENDPOINT + ";AccessKey=" + SHORT_KEY),
                        MISCONFIGURED + "'webpubsub.connection-string' is invalid. Access key is 20 bytes long; HS256 "
                                + "needs at least 32. It looks truncated. " + KEY_FIX
                                + origin("webpubsub.connection-string"),
                        "Copy the connection string from the Keys page of the Web PubSub resource into "
                                + "'webpubsub.connection-string'."),
                properties("connection string pasted into the access key",
                        List.of(endpoint, "webpubsub.access-key=" + CONNECTION_STRING),
                        MISCONFIGURED + "'webpubsub.access-key' is invalid. " + CONNECTION_STRING_AS_KEY + KEY_FIX
                                + origin("webpubsub.access-key"),
                        "Copy a full access key (44 characters) from the Keys page of the Web PubSub resource into "
                                + "'webpubsub.access-key'."),
                properties("connection string in the access key file",
                        List.of(endpoint, "webpubsub.access-key-file=" + KEY_FILE_WITH_CONNECTION_STRING),
                        MISCONFIGURED + "'webpubsub.access-key-file' (the file it names) is invalid. "
                                + CONNECTION_STRING_AS_KEY + KEY_FIX + origin("webpubsub.access-key-file"),
                        "Copy a full access key (44 characters) from the Keys page of the Web PubSub resource into "
                                + "'webpubsub.access-key-file' (the file it names)."),
                properties("connection string with the key twice",
                        List.of(connectionString + "AccessKey=" + OTHER_ACCESS_KEY),
                        MISCONFIGURED + "'webpubsub.connection-string' is invalid. Invalid Web PubSub connection "
                                + "string: AccessKey appears twice; keep exactly one" + EXPECTED_FORM
                                + origin("webpubsub.connection-string"),
                        "Copy the connection string from the Keys page of the Web PubSub resource into "
                                + "'webpubsub.connection-string'."),
                properties("connection string in the Service Connector variable without https",
                        List.of("AZURE_WEBPUBSUB_CONNECTIONSTRING=Endpoint=ftp://contoso;AccessKey=" + ACCESS_KEY),
                        MISCONFIGURED + "'AZURE_WEBPUBSUB_CONNECTIONSTRING' is invalid. Endpoint of the connection "
                                + "string must use https (or http for a local service). " + ENDPOINT_FIX
                                + origin("AZURE_WEBPUBSUB_CONNECTIONSTRING"),
                        "Copy the connection string from the Keys page of the Web PubSub resource into "
                                + "'AZURE_WEBPUBSUB_CONNECTIONSTRING'."),
                properties("connection string pasted into the endpoint",
                        List.of("webpubsub.endpoint=" + CONNECTION_STRING),
                        MISCONFIGURED + "'webpubsub.endpoint' holds a connection string rather than an endpoint."
                                + origin("webpubsub.endpoint"),
                        "Move the value to 'webpubsub.connection-string' and remove 'webpubsub.endpoint' and "
                                + "'webpubsub.access-key'."),
                properties("endpoint that is not a URI",
                        List.of("webpubsub.endpoint=https://contoso webpubsub", "webpubsub.access-key=" + ACCESS_KEY),
                        MISCONFIGURED + "'webpubsub.endpoint' is not a valid URI (error at index "
                                + uriErrorIndex("https://contoso webpubsub") + ")." + origin("webpubsub.endpoint"),
                        "Set 'webpubsub.endpoint' to the endpoint shown on the resource's Keys page, such as "
                                + "https://example.webpubsub.azure.com."),
                properties("endpoint with the key as user-info",
                        List.of("webpubsub.endpoint=https://" + ACCESS_KEY + "@contoso.webpubsub.azure.com",
                                "webpubsub.access-key=" + ACCESS_KEY),
                        MISCONFIGURED + "'webpubsub.endpoint' is invalid. Endpoint must not contain user information "
                                + "(user@). " + ENDPOINT_FIX + origin("webpubsub.endpoint"),
                        "Use the endpoint shown on the resource's Overview page, such as "
                                + "https://example.webpubsub.azure.com, in 'webpubsub.endpoint'."),
                properties("plain http endpoint in key-less mode", List.of("webpubsub.endpoint=http://contoso.example"),
                        MISCONFIGURED + "'webpubsub.endpoint' is invalid. Endpoint uses plain http, which would expose "
                                + "the Microsoft Entra ID token of key-less mode on the network. Use https; plain http "
                                + "is accepted only for a loopback address (localhost, 127.0.0.0/8, [::1]) in local "
                                + "tests." + origin("webpubsub.endpoint"),
                        "Use the endpoint shown on the resource's Overview page, such as "
                                + "https://example.webpubsub.azure.com, in 'webpubsub.endpoint'."),
                properties("invalid default hub", List.of(connectionString, "webpubsub.hub=chat-room"),
                        MISCONFIGURED + "'webpubsub.hub' is invalid. Hub name 'chat-room' has an invalid character at "
                                + "index 4. A hub name starts with a letter and has 1 to 128 ASCII letters, digits or "
                                + "underscores, for example 'chat'." + origin("webpubsub.hub"),
                        "Set 'webpubsub.hub' to a hub name such as chat, or remove it and name the hub in each "
                                + "request."),
                properties("zero lifetime", List.of(connectionString, "webpubsub.token.lifetime=0s"),
                        MISCONFIGURED + "'webpubsub.token.lifetime' is invalid. Default token lifetime PT0S is not "
                                + "positive." + origin("webpubsub.token.lifetime"),
                        "Set 'webpubsub.token.lifetime' to a positive duration such as 15m, at most "
                                + "'webpubsub.token.max-lifetime', or raise 'webpubsub.token.max-lifetime'."),
                properties("lifetime above the maximum", List.of(connectionString, "webpubsub.token.lifetime=2d"),
                        MISCONFIGURED + "'webpubsub.token.lifetime' is invalid. Default token lifetime PT48H exceeds "
                                + "the maximum PT24H." + origin("webpubsub.token.lifetime"),
                        "Set 'webpubsub.token.lifetime' to a positive duration such as 15m, at most "
                                + "'webpubsub.token.max-lifetime', or raise 'webpubsub.token.max-lifetime'."),
                properties("negative maximum lifetime", List.of(connectionString, "webpubsub.token.max-lifetime=-1h"),
                        MISCONFIGURED
                                + "'webpubsub.token.max-lifetime' is invalid. Maximum token lifetime PT-1H is not "
                                + "positive." + origin("webpubsub.token.max-lifetime"),
                        MAX_LIFETIME_FIX),
                properties("maximum lifetime of 100000 days",
                        List.of(connectionString, "webpubsub.token.max-lifetime=100000d"),
                        MISCONFIGURED + "'webpubsub.token.max-lifetime' is 100000d; it must be at most 365d."
                                + origin("webpubsub.token.max-lifetime"),
                        MAX_LIFETIME_FIX),
                properties("maximum lifetime of 100000 days in key-less mode",
                        List.of(endpoint, "webpubsub.token.max-lifetime=100000d"),
                        MISCONFIGURED + "'webpubsub.token.max-lifetime' is 100000d; it must be at most 365d."
                                + origin("webpubsub.token.max-lifetime"),
                        MAX_LIFETIME_FIX),
                properties("lifetime of 100000 days", List.of(connectionString, "webpubsub.token.lifetime=100000d"),
                        MISCONFIGURED + "'webpubsub.token.lifetime' is invalid. Default token lifetime PT2400000H "
                                + "exceeds the maximum PT24H." + origin("webpubsub.token.lifetime"),
                        "Set 'webpubsub.token.lifetime' to a positive duration such as 15m, at most "
                                + "'webpubsub.token.max-lifetime', or raise 'webpubsub.token.max-lifetime'."),
                properties("lifetime and maximum lifetime of 100000 days",
                        List.of(connectionString, "webpubsub.token.lifetime=100000d",
                                "webpubsub.token.max-lifetime=100000d"),
                        MISCONFIGURED + "'webpubsub.token.max-lifetime' is 100000d; it must be at most 365d."
                                + origin("webpubsub.token.max-lifetime"),
                        MAX_LIFETIME_FIX),
                properties("zero connect timeout", List.of(endpoint, "webpubsub.service.connect-timeout=0"),
                        MISCONFIGURED + "'webpubsub.service.connect-timeout' is invalid. Connect timeout PT0S is not "
                                + "positive." + origin("webpubsub.service.connect-timeout"),
                        "Set 'webpubsub.service.connect-timeout' to a positive duration such as 5s, or remove it for "
                                + "the default."),
                properties("read timeout above the deadline", List.of(endpoint, "webpubsub.service.read-timeout=20s"),
                        MISCONFIGURED + "'webpubsub.service.read-timeout' is invalid. Read timeout PT20S exceeds the "
                                + "service deadline PT15S, which bounds the whole call."
                                + origin("webpubsub.service.read-timeout"),
                        "Set 'webpubsub.service.read-timeout' to a positive duration such as 10s, at most "
                                + "'webpubsub.service.deadline', or lengthen 'webpubsub.service.deadline'."),
                properties("negative deadline", List.of(endpoint, "webpubsub.service.deadline=-1s"),
                        MISCONFIGURED + "'webpubsub.service.deadline' is invalid. Service deadline PT-1S is not "
                                + "positive." + origin("webpubsub.service.deadline"),
                        "Set 'webpubsub.service.deadline' to a positive duration such as 15s, or remove it for the "
                                + "default."),
                properties("too many retries", List.of(endpoint, "webpubsub.service.max-retries=11"),
                        MISCONFIGURED + "'webpubsub.service.max-retries' is invalid. Max retries 11 is outside 0..10."
                                + origin("webpubsub.service.max-retries"),
                        "Set 'webpubsub.service.max-retries' to a number from 0 to 10, or remove it for the default "
                                + "of 3."),
                properties("reverse proxy in key mode",
                        List.of(connectionString,
                                "webpubsub.service.reverse-proxy-endpoint=https://apim.azure-api.net"),
                        MISCONFIGURED + "'webpubsub.service.reverse-proxy-endpoint' is invalid. A reverse proxy "
                                + "endpoint is set, but it only applies to the service calls of key-less mode, and key "
                                + "mode signs tokens locally." + origin("webpubsub.service.reverse-proxy-endpoint"),
                        "Remove 'webpubsub.service.reverse-proxy-endpoint': with an access key, tokens are signed "
                                + "locally and no service is called. To have the service mint them through the proxy, "
                                + "remove the access key instead (key-less mode)."),
                properties("managed identity client id that is not a GUID",
                        List.of(endpoint, "webpubsub.credential.managed-identity-client-id=chat-server"),
                        MISCONFIGURED
                                + "'webpubsub.credential.managed-identity-client-id' is not a client ID: a client "
                                + "ID is a GUID such as 00000000-0000-0000-0000-000000000000."
                                + origin("webpubsub.credential.managed-identity-client-id"),
                        "Copy the Client ID from the Overview page of the user-assigned managed identity into "
                                + "'webpubsub.credential.managed-identity-client-id', or remove it to use the "
                                + "system-assigned identity."),
                properties("tenant id with a slash", List.of(endpoint, "webpubsub.credential.tenant-id=contoso/dev"),
                        MISCONFIGURED + "'webpubsub.credential.tenant-id' is not a tenant ID: use the tenant's GUID or "
                                + "one of its domain names, such as contoso.onmicrosoft.com."
                                + origin("webpubsub.credential.tenant-id"),
                        "Copy the Tenant ID from the Overview page of Microsoft Entra ID into "
                                + "'webpubsub.credential.tenant-id', or remove it to use the default tenant of the "
                                + "signed-in developer tools."),
                properties("key-less mode without azure-identity", List.of(endpoint),
                        MISCONFIGURED + "'webpubsub.endpoint' is set without 'webpubsub.access-key', which selects "
                                + "key-less mode (Microsoft Entra ID), but there is no identity to authorise the calls "
                                + "to the service: azure-identity is not on the class path and the application defines "
                                + "no BearerTokenProvider bean." + origin("webpubsub.endpoint"),
                        "Add the dependency com.azure:azure-identity (the starter then uses DefaultAzureCredential: "
                                + "the app's managed identity on Azure, your developer sign-in locally), or define a "
                                + "BearerTokenProvider bean, or a single (or @Primary) TokenCredential bean. To sign "
                                + "tokens with an access key instead, set 'webpubsub.access-key'.")
                    .without("com.azure.identity"))
            .map(PropertiesCase::toBadInput);
    }

    /**
     * Names where Boot's report says a property is set: the test's property source.
     */
    private static String origin(String property) {
        return "\n\n    Property: " + property + "\n    Origin: \"" + property + "\" from property source \"test\"";
    }

    static PropertiesCase properties(String name, List<String> properties, String description, String action) {
        return new PropertiesCase(name, properties, new String[0], description, action);
    }

    private static Path keyFile(String content) {
        try {
            Path file = Files.createTempFile("bad-input-key", ".txt");
            file.toFile().deleteOnExit();
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Annotation attributes: @WebPubSubNegotiate methods checked at startup, and the
    // failure report
    // ---------------------------------------------------------------------------------------------------------------

    private static final String CANNOT_WORK = "A Web PubSub negotiate endpoint cannot work. ";

    private static final String LIFETIME_FIX = "Set lifetime to a positive duration up to "
            + "'webpubsub.token.max-lifetime' (PT24H), such as \"15m\", or remove it to use "
            + "'webpubsub.token.lifetime'.";

    private static final String EXPECTED_ROLES = "Expected webpubsub.joinLeaveGroup or webpubsub.sendToGroup (any "
            + "group), either followed by '.<group>' (one group), or webpubsub.joinLeaveGroups.<pattern> / "
            + "webpubsub.sendToGroups.<pattern>; the names are case-sensitive. WebPubSubRole has a factory method for "
            + "each.";

    private static final String BOUNDARY_FIX = "Give the two different literal prefixes (such as 'user-{userId}.*' and "
            + "'room-{room}'), or make their placeholder segments the same (such as 'user-{userId}.*' with "
            + "'user-{userId}' and 'user-{userId}.inbox').";

    static Stream<BadInput> annotationAttributes() {
        return Stream.of(
                annotation("hub with a hyphen", InvalidHub.class,
                        "'hub' is invalid. Hub name 'chat-room' has an invalid character at index 4. A hub name starts "
                                + "with a letter and has 1 to 128 ASCII letters, digits or underscores, for example "
                                + "'chat'.",
                        "Set hub to a hub name such as \"chat\", or remove it to use 'webpubsub.hub'."),
                annotation("lifetime in words", UnparsableLifetime.class,
                        "'lifetime' (\"15 minutes\") is not a duration.", LIFETIME_FIX),
                annotation("zero lifetime", ZeroLifetime.class, "'lifetime' (\"0s\") is not positive.", LIFETIME_FIX),
                annotation("lifetime above the maximum", LongLifetime.class,
                        "'lifetime' (\"2d\") exceeds 'webpubsub.token.max-lifetime' (PT24H), so every request would "
                                + "be refused.",
                        LIFETIME_FIX + " Or raise 'webpubsub.token.max-lifetime'."),
                annotation("lifetime of 100000 days", HugeLifetime.class,
                        "'lifetime' (\"100000d\") exceeds 'webpubsub.token.max-lifetime' (PT24H), so every request "
                                + "would be refused.",
                        LIFETIME_FIX + " Or raise 'webpubsub.token.max-lifetime'."),
                new AnnotationCase("no hub while 'webpubsub.hub' is unset", List.of(NoHub.class),
                        List.of("webpubsub.hub="), new String[0],
                        CANNOT_WORK + "@WebPubSubNegotiate method " + methodOf(NoHub.class) + " is invalid: Its 'hub' "
                                + "attribute is empty and 'webpubsub.hub' is not set, so no request would name a hub "
                                + "and every caller would be refused.",
                        "Set hub, such as @WebPubSubNegotiate(path = \"/negotiate\", hub = \"chat\"), or set "
                                + "'webpubsub.hub' to the hub of the endpoints that name none, or take a "
                                + "ClientAccessRequest.Builder parameter and set its hub."),
                annotation("role with a typo", MistypedRole.class,
                        "'roles[0]' is invalid. 'webpubsub.sendtogroup.lobby' is not a Web PubSub role; the service "
                                + "would ignore it and the client would get no permission. " + EXPECTED_ROLES,
                        "Give a role such as 'webpubsub.sendToGroup.lobby' or 'webpubsub.joinLeaveGroup.room-{room}'."),
                annotation("placeholder inside the role's name", PlaceholderInRoleName.class,
                        "'roles[0]' is invalid. Role 'webpubsub.sendToGroup{kind}.x' has a placeholder outside its "
                                + "group part. Placeholders may only follow 'webpubsub.joinLeaveGroup.', "
                                + "'webpubsub.sendToGroup.', 'webpubsub.joinLeaveGroups.' or "
                                + "'webpubsub.sendToGroups.', "
                                + "as in 'webpubsub.sendToGroup.room-{room}', so that no value can change which "
                                + "role is granted.",
                        "Give a role such as 'webpubsub.sendToGroup.lobby' or 'webpubsub.joinLeaveGroup.room-{room}'."),
                annotation("group with an unclosed brace", UnclosedBrace.class,
                        "'groups[0]' is invalid. 'room-{room' has a '{' at index 5 that is never closed. Write "
                                + "placeholders as {name}; braces cannot appear literally.",
                        "Give a group name such as 'lobby' or 'room-{room}'."),
                annotation("placeholder naming neither userId nor a path variable", UnknownPlaceholder.class,
                        "'groups[0]' (\"room-{room}\") has the placeholder {room}, which is neither {userId} nor a "
                                + "variable of every mapped path (the path variables are id).",
                        "Use {userId} or a path variable of the mapped path, such as {room} with path "
                                + "\"/rooms/{room}/negotiate\"."),
                annotation("path variable named userId next to the {userId} placeholder", UserIdPathVariable.class,
                        "The path has a variable {userId}, and the roles or groups use the placeholder {userId}, which "
                                + "is always the caller's user id, never the path's.",
                        "Rename the path variable, such as {user}, so that each placeholder says what it is."),
                annotation("method that returns a value", ReturnsValue.class,
                        "It returns java.util.Map<java.lang.String, java.lang.String>, but the endpoint writes the "
                                + "answer itself.",
                        "Declare the method void; customise the answer through a ClientAccessRequest.Builder "
                                + "parameter, or throw to refuse the caller."),
                annotation("two request builder parameters", TwoBuilders.class,
                        "It has 2 ClientAccessRequest.Builder parameters, but there is one request.",
                        "Keep one ClientAccessRequest.Builder parameter."),
                annotation("also a @GetMapping", AlsoMapped.class,
                        "It also has a request mapping (@RequestMapping, @GetMapping, ...), which would answer without "
                                + "the caller checks.",
                        "Remove the request mapping annotation; @WebPubSubNegotiate maps the method itself."),
                annotation("no path", NoPath.class, "It has no path.",
                        "Set path, such as @WebPubSubNegotiate(\"/negotiate\"), or a class-level @RequestMapping "
                                + "path."),
                new AnnotationCase("two problems at once", List.of(InvalidHub.class, ZeroLifetime.class), List.of(),
                        new String[0],
                        CANNOT_WORK + "2 problems with @WebPubSubNegotiate methods:\n    - "
                                + methodOf(InvalidHub.class) + ", hub: 'hub' is invalid. Hub name "
                                + "'chat-room' has an invalid character at index 4. A hub name starts with a letter "
                                + "and has 1 to 128 ASCII letters, digits or underscores, for example 'chat'.\n"
                                + "    - " + methodOf(ZeroLifetime.class) + ", lifetime: 'lifetime' (\"0s\") is not "
                                + "positive.",
                        "Fix each problem:\n    - " + methodOf(InvalidHub.class)
                                + ", hub: Set hub to a hub name such as "
                                + "\"chat\", or remove it to use 'webpubsub.hub'.\n    - "
                                + methodOf(ZeroLifetime.class) + ", lifetime: " + LIFETIME_FIX),
                new AnnotationCase("role with a typo in an authority table", List.of(ValidEndpoint.class),
                        List.of("webpubsub.negotiate.authority-roles[ROLE_USER][0]=webpubsub.sendtogroup.lobby"),
                        new String[0],
                        CANNOT_WORK + "'webpubsub.negotiate.authority-roles[ROLE_USER][0]' is invalid. "
                                + "'webpubsub.sendtogroup.lobby' is not a Web PubSub role; the service would ignore it "
                                + "and the client would get no permission. " + EXPECTED_ROLES
                                + origin("webpubsub.negotiate.authority-roles[ROLE_USER][0]"),
                        "Map each authority to roles the service defines (webpubsub.sendToGroup, "
                                + "webpubsub.joinLeaveGroup.<group>, ...) and to valid group names; the only "
                                + "placeholder is {userId}."),
                annotation("wildcard role that goes on after its placeholder", PatternAfterPlaceholder.class,
                        "'roles[0]' is invalid. Role 'webpubsub.joinLeaveGroups.user-{userId}-*' continues its "
                                + "pattern after the placeholder {userId} without a '.', so one caller's value "
                                + "could be "
                                + "the start of another's (with 'user-{userId}-*', user 'a' would reach the group of "
                                + "user 'a-b'). End the placeholder's segment right after it, as in "
                                + "'webpubsub.joinLeaveGroups.user-{userId}.*'.",
                        "Give a role such as 'webpubsub.sendToGroup.lobby' or 'webpubsub.joinLeaveGroup.room-{room}'."),
                annotation("wildcard in the segment of a placeholder", WildcardBeforePlaceholder.class,
                        "'roles[0]' is invalid. Role 'webpubsub.sendToGroups.*-{userId}' has a wildcard in the "
                                + "segment of the placeholder {userId}, so one caller's value could match the end of "
                                + "another's. Keep wildcards out of that segment, as in "
                                + "'webpubsub.joinLeaveGroups.user-{userId}.*'.",
                        "Give a role such as 'webpubsub.sendToGroup.lobby' or 'webpubsub.joinLeaveGroup.room-{room}'."),
                annotation("'**' before a placeholder", SpanBeforePlaceholder.class,
                        "'roles[0]' is invalid. Role 'webpubsub.joinLeaveGroups.**.{userId}' has '**' before the "
                                + "placeholder {userId}. '**' spans segments, so the value would not stay in its own "
                                + "segment. Put '**' only after the last placeholder.",
                        "Give a role such as 'webpubsub.sendToGroup.lobby' or 'webpubsub.joinLeaveGroup.room-{room}'."),
                new AnnotationCase("group of one endpoint inside another endpoint's wildcard role",
                        List.of(UserWildcard.class, RoomInUserNamespace.class), List.of(), new String[0],
                        CANNOT_WORK + "@WebPubSubNegotiate method " + methodOf(RoomInUserNamespace.class)
                                + " is invalid: 'user-{room}.chat' (groups[0] of " + methodOf(RoomInUserNamespace.class)
                                + ") names groups that the wildcard role 'webpubsub.joinLeaveGroups.user-{userId}.*' "
                                + "(roles[0] of " + methodOf(UserWildcard.class) + ") grants to callers with other "
                                + "values, so one caller could join or send to another caller's groups.",
                        BOUNDARY_FIX),
                new AnnotationCase("group of an authority table inside another authority's wildcard role",
                        List.of(ValidEndpoint.class),
                        List.of("webpubsub.negotiate.authority-roles[ROLE_ADMIN][0]=webpubsub.joinLeaveGroups."
                                + "{userId}.*", "webpubsub.negotiate.authority-groups[ROLE_USER][0]=lobby.chat"),
                        new String[0],
                        CANNOT_WORK + "'webpubsub.negotiate.authority-groups[ROLE_USER][0]' is invalid. 'lobby.chat' "
                                + "(authority-groups[ROLE_USER][0]) names groups that the wildcard role "
                                + "'webpubsub.joinLeaveGroups.{userId}.*' (authority-roles[ROLE_ADMIN][0]) grants to "
                                + "callers with other values, so one caller could join or send to another caller's "
                                + "groups. " + BOUNDARY_FIX
                                + origin("webpubsub.negotiate.authority-groups[ROLE_USER][0]"),
                        "Map each authority to roles the service defines (webpubsub.sendToGroup, "
                                + "webpubsub.joinLeaveGroup.<group>, ...) and to valid group names; the only "
                                + "placeholder is {userId}."),
                new AnnotationCase("endpoint without Spring Security", List.of(ValidEndpoint.class), List.of(),
                        new String[] { "org.springframework.security" },
                        CANNOT_WORK + "@WebPubSubNegotiate is used (" + methodOf(ValidEndpoint.class) + "), but Spring "
                                + "Security's web support (spring-security-web) is not on the class path. A negotiate "
                                + "endpoint hands out tokens, so it must know who asks: it takes the user id, "
                                + "roles and "
                                + "groups from Spring Security's Authentication, and without it would serve everyone "
                                + "alike.",
                        "Add the dependency org.springframework.boot:spring-boot-starter-security and configure how "
                                + "users sign in. To run without the endpoints, set 'webpubsub.enabled' to false."))
            .map(AnnotationCase::toBadInput);
    }

    static AnnotationCase annotation(String name, Class<?> controller, String problem, String action) {
        return new AnnotationCase(name, List.of(controller), List.of(), new String[0],
                CANNOT_WORK + "@WebPubSubNegotiate method " + methodOf(controller) + " is invalid: " + problem, action);
    }

    private static String methodOf(Class<?> controller) {
        String parameters = (controller == TwoBuilders.class) ? "Builder, Builder" : "";
        return controller.getName() + "#negotiate(" + parameters + ")";
    }

    @RestController
    static class InvalidHub {

        @WebPubSubNegotiate(path = "/negotiate", hub = "chat-room")
        void negotiate() {
        }

    }

    @RestController
    static class UnparsableLifetime {

        @WebPubSubNegotiate(path = "/negotiate", lifetime = "15 minutes")
        void negotiate() {
        }

    }

    @RestController
    static class ZeroLifetime {

        @WebPubSubNegotiate(path = "/zero/negotiate", lifetime = "0s")
        void negotiate() {
        }

    }

    @RestController
    static class LongLifetime {

        @WebPubSubNegotiate(path = "/negotiate", lifetime = "2d")
        void negotiate() {
        }

    }

    @RestController
    static class HugeLifetime {

        @WebPubSubNegotiate(path = "/negotiate", lifetime = "100000d")
        void negotiate() {
        }

    }

    @RestController
    static class NoHub {

        @WebPubSubNegotiate("/negotiate")
        void negotiate() {
        }

    }

    @RestController
    static class MistypedRole {

        @WebPubSubNegotiate(path = "/negotiate", roles = "webpubsub.sendtogroup.lobby")
        void negotiate() {
        }

    }

    @RestController
    static class PlaceholderInRoleName {

        @WebPubSubNegotiate(path = "/{kind}/negotiate", roles = "webpubsub.sendToGroup{kind}.x")
        void negotiate() {
        }

    }

    @RestController
    static class UnclosedBrace {

        @WebPubSubNegotiate(path = "/rooms/{room}/negotiate", groups = "room-{room")
        void negotiate() {
        }

    }

    @RestController
    static class UnknownPlaceholder {

        @WebPubSubNegotiate(path = "/rooms/{id}/negotiate", groups = "room-{room}")
        void negotiate() {
        }

    }

    @RestController
    static class UserIdPathVariable {

        @WebPubSubNegotiate(path = "/users/{userId}/negotiate", groups = "user-{userId}")
        void negotiate() {
        }

    }

    @RestController
    static class ReturnsValue {

        @WebPubSubNegotiate(path = "/negotiate")
        Map<String, String> negotiate() {
            return Map.of();
        }

    }

    @RestController
    static class TwoBuilders {

        @WebPubSubNegotiate(path = "/negotiate")
        void negotiate(ClientAccessRequest.Builder first, ClientAccessRequest.Builder second) {
        }

    }

    @RestController
    static class AlsoMapped {

        @WebPubSubNegotiate(path = "/negotiate")
        @GetMapping("/negotiate/too")
        void negotiate() {
        }

    }

    @RestController
    static class NoPath {

        @WebPubSubNegotiate(hub = "chat")
        void negotiate() {
        }

    }

    @RestController
    static class PatternAfterPlaceholder {

        @WebPubSubNegotiate(path = "/negotiate", roles = "webpubsub.joinLeaveGroups.user-{userId}-*")
        void negotiate() {
        }

    }

    @RestController
    static class WildcardBeforePlaceholder {

        @WebPubSubNegotiate(path = "/negotiate", roles = "webpubsub.sendToGroups.*-{userId}")
        void negotiate() {
        }

    }

    @RestController
    static class SpanBeforePlaceholder {

        @WebPubSubNegotiate(path = "/negotiate", roles = "webpubsub.joinLeaveGroups.**.{userId}")
        void negotiate() {
        }

    }

    @RestController
    static class UserWildcard {

        @WebPubSubNegotiate(path = "/users/negotiate", roles = "webpubsub.joinLeaveGroups.user-{userId}.*")
        void negotiate() {
        }

    }

    @RestController
    static class RoomInUserNamespace {

        // A caller asking for room 'bob' would be put in 'user-bob.chat', which user
        // bob's wildcard role reaches.
        @WebPubSubNegotiate(path = "/rooms/{room}/negotiate", groups = "user-{room}.chat")
        void negotiate() {
        }

    }

    @RestController
    static class ValidEndpoint {

        @WebPubSubNegotiate(path = "/negotiate", hub = "chat")
        void negotiate() {
        }

    }

    // ---------------------------------------------------------------------------------------------------------------
    // Placeholder values: what callers send, refused per request with a 400 problem
    // detail
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<BadInput> placeholderValues() {
        String longName = "n".repeat(1020);
        String longUser = "u".repeat(1020);
        return Stream.of(
                request("path variable with a tab makes the group invalid", "alice", "/teams/{team}/negotiate",
                        "blue\tred",
                        problem(400, "The path variable 'team' (\"blue?red\") gives an invalid group. Group name has a "
                                + "control character at index 9. Use 1 to 1024 printable characters, for example "
                                + "'lobby'.")),
                request("path variable too long for the group", "alice", "/teams/{team}/negotiate", longName,
                        problem(400, "The path variable 'team' (\"" + "n".repeat(32) + "\"... (1020 characters)) gives "
                                + "an invalid group. Group name has 1025 characters; at most 1024 are allowed. Use 1 "
                                + "to 1024 printable characters, for example 'lobby'.")),
                request("path variable with a bell character makes the role invalid", "alice",
                        "/rooms/{room}/negotiate", "blue\u0007red",
                        problem(400, "The path variable 'room' (\"blue?red\") gives an invalid role. Group name has a "
                                + "control character at index 9. Use 1 to 1024 printable characters, for example "
                                + "'lobby'.")),
                request("user id with a control character", "eve\u0007x", "/users/negotiate", null,
                        problem(400, "The caller's user id cannot be a Web PubSub user id. userId has a control "
                                + "character at index 3. Use a stable identifier of the user: 1 to 1024 printable "
                                + "characters, for example 'alice'.")),
                request("user id too long for the group pattern", longUser, "/users/negotiate", null,
                        problem(400, "The user id (\"" + "u".repeat(32) + "\"... (1020 characters)) gives an invalid "
                                + "role. Group pattern has 1027 characters; at most 1024 are allowed. Use 1 to 1024 "
                                + "printable characters.")),
                request("user id with a '.' in a wildcard role", "a.b", "/users/negotiate", null,
                        problem(400, "The user id (\"a.b\") gives an invalid role. It contains '.', which cannot stand "
                                + "in a wildcard role (joinLeaveGroups, sendToGroups): a '.' would move the boundary "
                                + "between group segments, so that user 'a' with 'user-a.*' would reach the groups of "
                                + "user 'a.b'. Values with '.' can only be given one-group roles, such as "
                                + "'webpubsub.joinLeaveGroup.mail-{userId}'.")),
                request("path variable with a '.' in a group that a wildcard role reaches", "alice",
                        "/rooms/{room}/negotiate", "x.y",
                        problem(400, "The path variable 'room' (\"x.y\") gives an invalid role. It contains '.', and "
                                + "the group 'room-{room}' lies where a wildcard role of this endpoint's configuration "
                                + "reaches, so a '.' would let it name another caller's groups. Values with '.' can "
                                + "only be served by templates that no wildcard role reaches, such as "
                                + "'mail-{userId}'.")),
                request("user id with a right-to-left override", "alice\u202Egnp.exe", "/users/negotiate", null,
                        problem(400, "The caller's user id cannot be a Web PubSub user id. userId has an invisible or "
                                + "reordering character (U+202E) at index 5, which would make it display as something "
                                + "it is not. Use a stable identifier of the user: 1 to 1024 printable characters, for "
                                + "example 'alice'.")),
                request("path variable with a zero-width space", "alice", "/teams/{team}/negotiate", "blue\u200Bred",
                        problem(400, "The path variable 'team' (\"blue?red\") gives an invalid group. Group name has "
                                + "an invisible or reordering character (U+200B) at index 9, which would make it "
                                + "display as something it is not. Use 1 to 1024 printable characters, for example "
                                + "'lobby'.")),
                // Not refused: a group that no wildcard role reaches keeps values with
                // '.', such as e-mail addresses.
                request("path variable with '.' in a group no wildcard role reaches (not refused)",
                        "john.smith@example.com", "/teams/{team}/negotiate", "blue.red", askedForRoles()),
                request("no caller", null, "/users/negotiate", null,
                        problem(401, "Sign in to get a Web PubSub client access URL.")),
                // Not refusals: wildcards in values are escaped in pattern roles, so they
                // match only themselves.
                request("user id with a wildcard (escaped, not refused)", "a*", "/users/negotiate", null,
                        askedForRoles("webpubsub.joinLeaveGroups.user-a\\*.*")),
                request("path variable with wildcards (escaped in the pattern role only)", "alice",
                        "/rooms/{room}/negotiate", "a*?",
                        askedForRoles("webpubsub.sendToGroup.room-a*?", "webpubsub.joinLeaveGroups.room-a\\*\\?.*")));
    }

    /**
     * A problem detail answer; its other members (title, instance, no reason) are checked
     * by the harness.
     */
    static Outcome problem(int status, String detail) {
        return new Outcome("HTTP " + status + " problem", detail, null);
    }

    /**
     * A successful answer (the service's token), and the roles the service was asked for.
     */
    static Outcome askedForRoles(String... roles) {
        return new Outcome("HTTP 200 client access", "roles " + List.of(roles), null);
    }

    static BadInput request(String name, String user, String path, String pathVariable, Outcome expected) {
        return new BadInput("placeholder value: " + name, (fixtures) -> {
            Object[] variables = (pathVariable != null) ? new Object[] { pathVariable } : new Object[0];
            MockHttpServletRequestBuilder request = fixtures.signIn().request(fixtures.mvc(), user, path, variables);
            MockHttpServletResponse response = answer(fixtures.mvc(), request);
            if (response.getStatus() == 200) {
                return Observed.issued(response, SERVICE.lastQuery("chat").getOrDefault("role", List.of()));
            }
            return Observed.problem(response, null);
        }, expected);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Service answers in key-less mode: the core's ClientUrlFactory against the scripted
    // service
    // ---------------------------------------------------------------------------------------------------------------

    private static final String NOT_THE_REST_API = ". Check that the endpoint (or the reverse proxy) routes to the Web "
            + "PubSub service's REST API.";

    private static final String ROLE_HINT = "The identity needs the 'Web PubSub Service Owner' role on this resource, "
            + "or the endpoint names another resource.";

    static Stream<BadInput> serviceAnswers() {
        return Stream.of(
                serviceAnswer("{}", "empty", "MALFORMED_RESPONSE, HTTP 200",
                        "The Web PubSub service answered HTTP 200 without a usable client token: the body has no "
                                + "'token'" + NOT_THE_REST_API),
                serviceAnswer("an HTML page", "notjson", "MALFORMED_RESPONSE, HTTP 200",
                        "The Web PubSub service answered HTTP 200 without a usable client token: the body is not a "
                                + "JSON object" + NOT_THE_REST_API),
                serviceAnswer("a token that is a number", "numeric", "MALFORMED_RESPONSE, HTTP 200",
                        "The Web PubSub service answered HTTP 200 without a usable client token: 'token' is not a "
                                + "string" + NOT_THE_REST_API),
                serviceAnswer("a token of two parts", "twoparts", "MALFORMED_RESPONSE, HTTP 200",
                        "The Web PubSub service answered HTTP 200 without a usable client token: the token is not a "
                                + "JWT of three base64url parts" + NOT_THE_REST_API),
                serviceAnswer("a token without exp", "noexp", "MALFORMED_RESPONSE, HTTP 200",
                        "The Web PubSub service answered HTTP 200 without a usable client token: the token's payload "
                                + "has no numeric 'exp'" + NOT_THE_REST_API),
                serviceAnswer("a token expiring after the year 9999", "farfuture", "MALFORMED_RESPONSE, HTTP 200",
                        "The Web PubSub service answered HTTP 200 without a usable client token: the token's 'exp' is "
                                + "not a time between 1970 and 9999" + NOT_THE_REST_API),
                serviceAnswer("a 70 KiB body", "huge", "MALFORMED_RESPONSE",
                        "The Web PubSub service answered success with a body over 65536 bytes, which is no client "
                                + "token" + NOT_THE_REST_API),
                serviceAnswer("400 with the service's message", "rejected", "REJECTED, HTTP 400",
                        "The Web PubSub service rejected the token request for hub 'rejected' with HTTP 400: '"
                                + ScriptedWebPubSubService.REJECTION + "'. Check the request's user id, roles, groups "
                                + "and lifetime."),
                serviceAnswer("400 whose message quotes a token (left out)", "quoting", "REJECTED, HTTP 400",
                        "The Web PubSub service rejected the token request for hub 'quoting' with HTTP 400. Check the "
                                + "request's user id, roles, groups and lifetime."),
                serviceAnswer("401", "unauthorized", "UNAUTHORIZED, HTTP 401",
                        "The Web PubSub service at ${service} refused the Microsoft Entra ID token with HTTP 401 for "
                                + "hub 'unauthorized'. " + ROLE_HINT),
                serviceAnswer("403", "forbidden", "UNAUTHORIZED, HTTP 403",
                        "The Web PubSub service at ${service} refused the Microsoft Entra ID token with HTTP 403 for "
                                + "hub 'forbidden'. " + ROLE_HINT),
                serviceAnswer("404", "missing", "NOT_FOUND, HTTP 404",
                        "The Web PubSub service answered HTTP 404 for ${service}/api/hubs/missing/:generateToken. "
                                + "Check the endpoint (and the reverse proxy's path, if one is set) and the hub name "
                                + "'missing'."),
                serviceAnswer("302 to another host (not followed)", "moved", "REJECTED, HTTP 302",
                        "The Web PubSub service answered HTTP 302 (a redirect, not followed so that the bearer token "
                                + "goes nowhere else) for hub 'moved'. Check the endpoint: use the resource's own "
                                + "https address."),
                serviceAnswer("429 after the retries", "throttled", "UNAVAILABLE, HTTP 429",
                        "The Web PubSub service at ${service} throttled the request with HTTP 429 on the last of 3 "
                                + "attempt(s) for hub 'throttled'. Try again later; check the resource's health and "
                                + "capacity."),
                serviceAnswer("500 after the retries", "failing", "UNAVAILABLE, HTTP 500",
                        "The Web PubSub service at ${service} failed with HTTP 500 on the last of 3 attempt(s) for hub "
                                + "'failing'. Try again later; check the resource's health and capacity."),
                serviceAnswer("a stall past the read timeout", "stalling", "UNAVAILABLE",
                        "The Web PubSub service at ${service} did not answer within the read timeout PT1S. Timeouts "
                                + "are not retried; check the service's health and the network path, or allow more "
                                + "time."),
                new BadInput("service answer: an identity provider that fails with a secret in its message",
                        (fixtures) -> {
                            Observed observed = serviceCall(
                                    ClientUrlFactory.builder().endpoint(SERVICE.uri()).bearerTokenProvider((scope) -> {
                                        throw new IllegalStateException(
                                                "AADSTS7000215: Invalid client secret provided: " + CLIENT_SECRET);
                                    }).build(), "chat");
                            // The provider's exception stays the cause, as thrown: its
                            // text is the provider's, and
                            // only the message is checked, which names its class and
                            // nothing of its text.
                            return new Observed(observed.outcome(), "");
                        },
                        new Outcome("WebPubSubServiceException[UNAUTHORIZED]", "The bearer token provider failed to "
                                + "get a Microsoft Entra ID token for https://webpubsub.azure.com/.default "
                                + "(java.lang.IllegalStateException). Check the application's identity: managed "
                                + "identity enabled, or credentials configured for the provider.", null)));
    }

    static BadInput serviceAnswer(String name, String hub, String reason, String message) {
        return new BadInput("service answer: " + name, (fixtures) -> serviceCall(KEYLESS_FACTORY, hub),
                new Outcome("WebPubSubServiceException[" + reason + "]", message, null));
    }

    private static Observed serviceCall(ClientUrlFactory factory, String hub) {
        try {
            throw new AssertionError("Issued: " + factory.create((request) -> request.hub(hub).userId("alice")));
        }
        catch (WebPubSubServiceException ex) {
            String status = ex.httpStatus().isPresent() ? ", HTTP " + ex.httpStatus().getAsInt() : "";
            return Observed.exception(ex, ex.getClass().getSimpleName() + "[" + ex.reason() + status + "]");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Service failures through a negotiate endpoint: 503 or 502, and one log line for the
    // operator
    // ---------------------------------------------------------------------------------------------------------------

    private static final String ISSUE_FAILED = "Web PubSub did not issue a client token for "
            + NegotiateApplication.Negotiation.class.getName() + "#service(String, Builder) (";

    private static final String REPEATS = " Repeats are logged at DEBUG until a token is issued again.";

    static Stream<BadInput> negotiateServiceFailures() {
        return Stream.of(
                negotiate("500 after the retries", "failing", 503, "UNAVAILABLE",
                        "The Web PubSub service could not be reached or kept failing. Try again later.",
                        ISSUE_FAILED + "UNAVAILABLE), so it answered 503. The Web PubSub service at ${service} failed "
                                + "with HTTP 500 on the last of 3 attempt(s) for hub 'failing'. Try again later; check "
                                + "the resource's health and capacity." + REPEATS),
                negotiate("a stall past the read timeout", "stalling", 503, "UNAVAILABLE",
                        "The Web PubSub service could not be reached or kept failing. Try again later.",
                        ISSUE_FAILED + "UNAVAILABLE), so it answered 503. The Web PubSub service at ${service} did not "
                                + "answer within the read timeout PT1S. Timeouts are not retried; check the "
                                + "service's health and the network path, or allow more time." + REPEATS),
                negotiate("403", "forbidden", 503, "UNAUTHORIZED",
                        "The Web PubSub service refused this server's identity. Check that the server's Microsoft "
                                + "Entra ID identity has the 'Web PubSub Service Owner' role on the resource.",
                        ISSUE_FAILED + "UNAUTHORIZED), so it answered 503. The Web PubSub service at ${service} "
                                + "refused the Microsoft Entra ID token with HTTP 403 for hub 'forbidden'. " + ROLE_HINT
                                + REPEATS),
                negotiate("404", "missing", 503, "NOT_FOUND",
                        "The Web PubSub service does not know the configured endpoint or hub. Check the server's Web "
                                + "PubSub endpoint and hub.",
                        ISSUE_FAILED + "NOT_FOUND), so it answered 503. The Web PubSub service answered HTTP 404 for "
                                + "${service}/api/hubs/missing/:generateToken. Check the endpoint (and the reverse "
                                + "proxy's path, if one is set) and the hub name 'missing'." + REPEATS),
                negotiate("400 with the service's message", "rejected", 503, "REJECTED",
                        "The Web PubSub service rejected the token request. The server log says why.",
                        ISSUE_FAILED + "REJECTED), so it answered 503. The Web PubSub service rejected the token "
                                + "request for hub 'rejected' with HTTP 400: '" + ScriptedWebPubSubService.REJECTION
                                + "'. Check the request's user id, roles, groups and lifetime." + REPEATS),
                negotiate("a token of two parts", "twoparts", 502, "MALFORMED_RESPONSE",
                        "The Web PubSub service answered without a well-formed client token. Check that the server's "
                                + "Web PubSub endpoint routes to the service.",
                        ISSUE_FAILED + "MALFORMED_RESPONSE), so it answered 502. The Web PubSub service answered HTTP "
                                + "200 without a usable client token: the token is not a JWT of three base64url parts"
                                + NOT_THE_REST_API + REPEATS),
                negotiate("a 70 KiB body", "huge", 502, "MALFORMED_RESPONSE",
                        "The Web PubSub service answered without a well-formed client token. Check that the server's "
                                + "Web PubSub endpoint routes to the service.",
                        ISSUE_FAILED + "MALFORMED_RESPONSE), so it answered 502. The Web PubSub service answered "
                                + "success with a body over 65536 bytes, which is no client token" + NOT_THE_REST_API
                                + REPEATS));
    }

    /**
     * @param logged the warning the server logs, which tells the operator what to check
     */
    static BadInput negotiate(String name, String hub, int status, String reason, String detail, String logged) {
        return new BadInput("negotiate endpoint, service answer: " + name, (fixtures) -> {
            // A token issued first, so that this failure is the first of its kind and
            // logged as a warning.
            assertThat(answer(fixtures.mvc(), get("/service/chat/negotiate").with(user("alice"))).getStatus())
                .isEqualTo(200);
            MockHttpServletResponse response = answer(fixtures.mvc(),
                    get("/service/{hub}/negotiate", hub).with(user("alice")));
            return Observed.problem(response, fixtures.loggedLine(ISSUE_FAILED));
        }, new Outcome("HTTP " + status + " problem, reason " + reason, detail, logged));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The harness
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Performs a request and returns its answer, also when the endpoint answered
     * asynchronously, as it does while the service works in key-less mode.
     */
    static MockHttpServletResponse answer(MockMvc mvc, MockHttpServletRequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(request).andReturn();
        if (result.getRequest().isAsyncStarted()) {
            result = mvc.perform(asyncDispatch(result)).andReturn();
        }
        return result.getResponse();
    }

    /**
     * One bad input.
     *
     * @param name the case, as the report lists it
     * @param attempt what the case does
     * @param expected what must come of it
     */
    record BadInput(String name, Attempt attempt, Outcome expected) {

        @Override
        public String toString() {
            return this.name;
        }

    }

    @FunctionalInterface
    interface Attempt {

        Observed run(Fixtures fixtures) throws Exception;

    }

    /**
     * What a case needs besides its input.
     */
    record Fixtures(MockMvc mvc, CapturedOutput output, int logStart, SignIn signIn) {

        /**
         * Returns the message of the line logged during this case that contains a marker,
         * from the marker on.
         */
        String loggedLine(String marker) {
            String log = this.output.getAll().substring(this.logStart);
            int start = log.indexOf(marker);
            if (start < 0) {
                return null;
            }
            int end = log.indexOf('\n', start);
            return log.substring(start, (end >= 0) ? end : log.length()).stripTrailing();
        }

    }

    /**
     * How a case's caller reaches a negotiate endpoint.
     */
    enum SignIn {

        /**
         * A {@code GET} with the caller put in the security context directly, behind a
         * permit-all chain.
         */
        MOCK_USER {

            @Override
            MockHttpServletRequestBuilder request(MockMvc mvc, String user, String path, Object... variables) {
                MockHttpServletRequestBuilder request = get(path, variables);
                return (user != null) ? request.with(user(user)) : request;
            }

        },

        /**
         * A {@code GET} with HTTP Basic credentials, checked by the real chain's filters.
         */
        HTTP_BASIC {

            @Override
            MockHttpServletRequestBuilder request(MockMvc mvc, String user, String path, Object... variables) {
                MockHttpServletRequestBuilder request = get(path, variables);
                return (user != null) ? request.with(httpBasic(user, RealChain.PASSWORD)) : request;
            }

        },

        /**
         * A {@code POST} with the session of a form login, and the CSRF token the chain
         * requires for it.
         */
        FORM_LOGIN {

            @Override
            MockHttpServletRequestBuilder request(MockMvc mvc, String user, String path, Object... variables)
                    throws Exception {
                MockHttpServletRequestBuilder request = post(path, variables).with(csrf());
                if (user == null) {
                    return request;
                }
                MvcResult login = mvc.perform(formLogin().user(user).password(RealChain.PASSWORD)).andReturn();
                assertThat(login.getResponse().getRedirectedUrl()).as("form login of %s", user).isEqualTo("/");
                return request.session((MockHttpSession) login.getRequest().getSession());
            }

        };

        abstract MockHttpServletRequestBuilder request(MockMvc mvc, String user, String path, Object... variables)
                throws Exception;

    }

    /**
     * The placeholder cases again, behind a chain as applications have it: HTTP Basic,
     * form login with CSRF protection of {@code POST}, and anonymous access to the
     * negotiate paths, so that the endpoint answers anonymous callers itself. The answers
     * are the same as behind the permit-all chain.
     */
    @Nested
    @NestedTestConfiguration(NestedTestConfiguration.EnclosingConfiguration.OVERRIDE)
    @SpringBootTest(classes = RealChain.class,
            properties = { "webpubsub.hub=chat", "webpubsub.service.read-timeout=1s", "webpubsub.service.max-retries=2",
                    "logging.level.io.github.webpubsub=debug" })
    @AutoConfigureMockMvc
    @ExtendWith(OutputCaptureExtension.class)
    class BehindARealSecurityChain {

        @Autowired
        private MockMvc mvc;

        @DynamicPropertySource
        static void keylessMode(DynamicPropertyRegistry properties) {
            properties.add("webpubsub.endpoint", SERVICE::uri);
        }

        static Stream<Arguments> signedInCases() {
            return Stream.of(SignIn.HTTP_BASIC, SignIn.FORM_LOGIN)
                .flatMap((signIn) -> placeholderValues().map((input) -> Arguments.of(signIn, input)));
        }

        @ParameterizedTest(name = "{0}: {1}")
        @MethodSource("signedInCases")
        void refusedWithTheSameAnswer(SignIn signIn, BadInput input, CapturedOutput output) throws Exception {
            int logStart = output.getAll().length();
            Observed observed = input.attempt().run(new Fixtures(this.mvc, output, logStart, signIn));
            String log = output.getAll().substring(logStart);

            assertThat(observed.outcome()).as(input.name()).isEqualTo(input.expected().resolve(SERVICE.uri()));
            assertNoSecretIn(input.name() + ": the rest of what the caller sees", observed.seenByCaller());
            assertNoSecretIn(input.name() + ": the log", log);
        }

    }

    /**
     * An application whose chain signs callers in with HTTP Basic or a login form, any
     * user name with {@link #PASSWORD}, and lets anonymous callers reach the negotiate
     * endpoints, which answer them 401.
     */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(NegotiateApplication.Negotiation.class)
    static class RealChain {

        static final String PASSWORD = "bad-input-suite-password";

        @Bean
        SecurityFilterChain securityFilterChain(HttpSecurity http) {
            return http.authorizeHttpRequests(
                    (requests) -> requests.requestMatchers("/**/negotiate").permitAll().anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .formLogin(Customizer.withDefaults())
                .build();
        }

        @Bean
        UserDetailsService anyUser() {
            // Every name is a user, so that the table's odd user ids can sign in; {noop}:
            // no bcrypt per request.
            return (name) -> User.withUsername(name).password("{noop}" + PASSWORD).roles("USER").build();
        }

        @Bean
        BearerTokenProvider bearerTokenProvider() {
            return BadInputSuiteTests::bearerToken;
        }

    }

    /**
     * What came of a bad input, compared with the table in full.
     *
     * @param kind how it was refused: an exception and its reason, a failure report and
     * the exception behind it, or an HTTP answer
     * @param message the exception's message, the report's description, or the problem
     * detail's {@code detail}
     * @param action the failure report's action, or for a failed service call behind a
     * negotiate endpoint the line logged for the operator; {@code null} where the message
     * holds the fix
     */
    record Outcome(String kind, String message, String action) {

        /**
         * Fills in the one part that varies from run to run: the address of the scripted
         * service.
         */
        Outcome resolve(URI service) {
            return new Outcome(this.kind, this.message.replace("${service}", service.toString()),
                    (this.action != null) ? this.action.replace("${service}", service.toString()) : null);
        }

    }

    /**
     * An outcome, and everything else the caller saw (causes' messages, the whole HTTP
     * answer) for the secret check.
     */
    record Observed(Outcome outcome, String seenByCaller) {

        static Observed exception(Exception ex, String kind) {
            return new Observed(new Outcome(kind, ex.getMessage(), null), causes(ex));
        }

        static Observed report(FailureAnalysis analysis, Throwable failure) {
            return new Observed(new Outcome("failure report of " + analysis.getCause().getClass().getSimpleName(),
                    analysis.getDescription(), analysis.getAction()), causes(failure));
        }

        /**
         * Checks what every problem answer has (its media type, no-store, status, title
         * and instance), and returns its kind, detail and reason.
         */
        static Observed problem(MockHttpServletResponse response, String logged) throws Exception {
            String body = response.getContentAsString();
            assertThat(response.getContentType()).as("status %s, body %s", response.getStatus(), body)
                .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(response.getHeader(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
            Map<String, Object> problem = JsonParserFactory.getJsonParser().parseMap(body);
            int status = response.getStatus();
            assertThat(problem).containsEntry("status", status)
                .containsEntry("title", HttpStatus.valueOf(status).getReasonPhrase())
                .containsKey("instance")
                .containsKey("detail");
            Object reason = problem.get("reason");
            Set<String> members = (reason != null) ? Set.of("status", "title", "instance", "detail", "reason")
                    : Set.of("status", "title", "instance", "detail");
            assertThat(problem).containsOnlyKeys(members);
            String kind = "HTTP " + status + " problem" + ((reason != null) ? ", reason " + reason : "");
            return new Observed(new Outcome(kind, (String) problem.get("detail"), logged), body);
        }

        static Observed issued(MockHttpServletResponse response, List<String> askedRoles) throws Exception {
            String body = response.getContentAsString();
            Map<String, Object> access = JsonParserFactory.getJsonParser().parseMap(body);
            assertThat(access).containsEntry("token", ScriptedWebPubSubService.CLIENT_TOKEN)
                .containsEntry("expiresAt", ScriptedWebPubSubService.EXPIRY.toString());
            // The body carries the token by design: only the outcome is checked for
            // secrets.
            return new Observed(
                    new Outcome("HTTP " + response.getStatus() + " client access", "roles " + askedRoles, null), "");
        }

        private static String causes(Throwable failure) {
            List<String> messages = new ArrayList<>();
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                messages.add(cause + "");
            }
            return String.join("\n", messages);
        }

    }

    /**
     * A set of properties with which an application must fail to start.
     */
    record PropertiesCase(String title, List<String> properties, String[] hiddenPackages, String description,
            String action) {

        /**
         * Runs the case without some libraries, as if the application did not depend on
         * them.
         */
        PropertiesCase without(String... packages) {
            return new PropertiesCase(this.title, this.properties, packages, this.description, this.action);
        }

        BadInput toBadInput() {
            return new BadInput("property: " + this.title, (fixtures) -> {
                AtomicReference<ConfigurableApplicationContext> started = new AtomicReference<>();
                AtomicReference<Observed> observed = new AtomicReference<>();
                new ApplicationContextRunner().withInitializer(started::set)
                    .withClassLoader(hiding(this.hiddenPackages))
                    .withConfiguration(AutoConfigurations.of(WebPubSubAutoConfiguration.class))
                    .withPropertyValues(this.properties.toArray(String[]::new))
                    .run((context) -> observed.set(failureReport(context, started.get())));
                return observed.get();
            }, new Outcome("failure report of WebPubSubConfigurationException", this.description, this.action));
        }

    }

    /**
     * Negotiate endpoints with which a web application must fail to start.
     */
    record AnnotationCase(String title, List<Class<?>> controllers, List<String> properties, String[] hiddenPackages,
            String description, String action) {

        BadInput toBadInput() {
            return new BadInput("annotation: " + this.title, (fixtures) -> {
                AtomicReference<ConfigurableApplicationContext> started = new AtomicReference<>();
                AtomicReference<Observed> observed = new AtomicReference<>();
                new WebApplicationContextRunner().withInitializer(started::set)
                    .withClassLoader(hiding(this.hiddenPackages))
                    .withConfiguration(AutoConfigurations.of(WebPubSubAutoConfiguration.class,
                            WebPubSubNegotiateAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
                            WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
                            JacksonAutoConfiguration.class))
                    .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat")
                    .withPropertyValues(this.properties.toArray(String[]::new))
                    .withUserConfiguration(this.controllers.toArray(Class<?>[]::new))
                    .run((context) -> observed.set(failureReport(context, started.get())));
                return observed.get();
            }, new Outcome("failure report of WebPubSubConfigurationException", this.description, this.action));
        }

    }

    /**
     * Returns the report Spring Boot would print for a context that failed to start: the
     * first analysis of the {@link FailureAnalyzer}s of
     * {@code META-INF/spring.factories}, created as {@code SpringApplication} creates
     * them.
     */
    private static Observed failureReport(ApplicationContextAssertProvider<?> context,
            ConfigurableApplicationContext failed) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, failed.getBeanFactory())
            .and(Environment.class, failed.getEnvironment());
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(failed.getClassLoader())
            .load(FailureAnalyzer.class, arguments, FailureHandler.logging(logger));
        FailureAnalysis analysis = analyzers.stream()
            .map((analyzer) -> analyzer.analyze(failure))
            .filter((candidate) -> candidate != null)
            .findFirst()
            .orElseThrow(() -> new AssertionError("No failure analysis of " + failure, failure));
        return Observed.report(analysis, failure);
    }

    private static ClassLoader hiding(String[] packages) {
        // null: the runner's default class loader.
        return (packages.length > 0) ? new FilteredClassLoader(packages) : null;
    }

    private static void assertNoSecretIn(String where, String text) {
        assertThat(text).as("%s must not hold a connection string", where).doesNotContain(CONNECTION_STRING);
        for (String secret : SECRETS) {
            for (int i = 0; i + LEAK_PIECE <= secret.length(); i++) {
                String piece = secret.substring(i, i + LEAK_PIECE);
                assertThat(text).as("%s must not hold any part of a secret, such as %s", where, piece)
                    .doesNotContain(piece);
            }
        }
    }

    private static BearerToken bearerToken(String scope) {
        return new BearerToken(BEARER_TOKEN, Instant.now().plus(Duration.ofHours(1)));
    }

    /**
     * A secured Spring MVC application in key-less mode (the endpoint is
     * {@link #SERVICE}), whose negotiate endpoints take placeholder values from the
     * caller and the path. Every request reaches the endpoints, which refuse anonymous
     * callers themselves.
     */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(NegotiateApplication.Negotiation.class)
    static class NegotiateApplication {

        @Bean
        SecurityFilterChain securityFilterChain(HttpSecurity http) {
            return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
        }

        @Bean
        BearerTokenProvider bearerTokenProvider() {
            return BadInputSuiteTests::bearerToken;
        }

        @RestController
        static class Negotiation {

            @WebPubSubNegotiate(path = "/teams/{team}/negotiate", groups = "team-{team}")
            void team() {
            }

            @WebPubSubNegotiate(path = "/rooms/{room}/negotiate",
                    roles = { "webpubsub.sendToGroup.room-{room}", "webpubsub.joinLeaveGroups.room-{room}.*" })
            void room() {
            }

            @WebPubSubNegotiate(path = "/users/negotiate", roles = "webpubsub.joinLeaveGroups.user-{userId}.*",
                    groups = "user-{userId}")
            void user() {
            }

            @WebPubSubNegotiate("/service/{hub}/negotiate")
            void service(@PathVariable String hub, ClientAccessRequest.Builder request) {
                request.hub(hub);
            }

        }

    }

    /**
     * Returns where the JDK's URI parser reports the error in a value, which the messages
     * pass on: the position differs between Java versions (Java 17 points at the
     * authority, Java 25 at the space).
     */
    private static int uriErrorIndex(String value) {
        try {
            new java.net.URI(value);
        }
        catch (java.net.URISyntaxException ex) {
            return ex.getIndex();
        }
        throw new IllegalArgumentException("A valid URI: " + value);
    }

}
