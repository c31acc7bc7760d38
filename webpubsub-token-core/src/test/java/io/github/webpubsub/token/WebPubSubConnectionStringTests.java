package io.github.webpubsub.token;

import java.net.URI;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.webpubsub.token.TestKeys.ACCESS_KEY;
import static io.github.webpubsub.token.TestKeys.assertNoPartOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * SPEC section 2: the connection string.
 */
class WebPubSubConnectionStringTests {

    private static final String HOST = "https://example.webpubsub.azure.com";

    @Test
    void parsesTheConnectionStringShownOnTheKeysPage() {
        WebPubSubConnectionString parsed = WebPubSubConnectionString
            .parse("Endpoint=" + HOST + ";AccessKey=" + ACCESS_KEY + ";Version=1.0;");

        assertThat(parsed.endpoint()).isEqualTo(URI.create(HOST));
        assertThat(parsed.accessKey()).isEqualTo(ACCESS_KEY);
    }

    @Nested
    class Segments {

        @Test
        void eachSegmentIsSplitOnItsFirstEqualsSignSoKeysEndingInEqualsSignsStayWhole() {
            String key = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn=o==";

            WebPubSubConnectionString parsed = WebPubSubConnectionString
                .parse("Endpoint=" + HOST + ";AccessKey=" + key);

            assertThat(parsed.accessKey()).isEqualTo(key);
        }

        @Test
        void namesAreCaseInsensitive() {
            WebPubSubConnectionString parsed = WebPubSubConnectionString
                .parse("ENDPOINT=" + HOST + ";accesskey=" + ACCESS_KEY + ";vErSiOn=1.0;pOrT=8443");

            assertThat(parsed.endpoint()).isEqualTo(URI.create("https://example.webpubsub.azure.com:8443"));
            assertThat(parsed.accessKey()).isEqualTo(ACCESS_KEY);
        }

        @Test
        void namesAndValuesAreTrimmed() {
            WebPubSubConnectionString parsed = WebPubSubConnectionString
                .parse("  Endpoint =\t" + HOST + "  ;  AccessKey = " + ACCESS_KEY + "\t; Port = 8443 ;");

            assertThat(parsed.endpoint()).isEqualTo(URI.create("https://example.webpubsub.azure.com:8443"));
            assertThat(parsed.accessKey()).isEqualTo(ACCESS_KEY);
        }

        @Test
        void emptySegmentsAreIgnored() {
            WebPubSubConnectionString parsed = WebPubSubConnectionString
                .parse(";;Endpoint=" + HOST + ";  ;;AccessKey=" + ACCESS_KEY + ";;\t;");

            assertThat(parsed.endpoint()).isEqualTo(URI.create(HOST));
            assertThat(parsed.accessKey()).isEqualTo(ACCESS_KEY);
        }

        @Test
        void unknownNamesAreIgnored() {
            WebPubSubConnectionString parsed = WebPubSubConnectionString.parse("Version=1.0;Endpoint=" + HOST
                    + ";ClientEndpoint=https://proxy.example.com;AccessKey=" + ACCESS_KEY + ";Something=else;Empty=");

            assertThat(parsed.endpoint()).isEqualTo(URI.create(HOST));
            assertThat(parsed.accessKey()).isEqualTo(ACCESS_KEY);
        }

        @Test
        void aSegmentWithoutEqualsSignIsRejectedWithoutEchoingIt() {
            // A key pasted after a stray ';' must not end up in the message.
            String connectionString = "Endpoint=" + HOST + ";AccessKey=" + ACCESS_KEY.substring(0, 20) + ";"
                    + ACCESS_KEY.substring(20);

            WebPubSubException ex = catchThrowableOfType(WebPubSubException.class,
                    () -> WebPubSubConnectionString.parse(connectionString));

            assertThat(ex).hasMessageContaining("has no '='");
            assertNoPartOf(ACCESS_KEY, ex.getMessage());
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = { "   ", ";;;", " ; ; " })
        void anEmptyConnectionStringIsRejected(String connectionString) {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> WebPubSubConnectionString.parse(connectionString))
                .withMessageContaining("Invalid Web PubSub connection string")
                .withMessageContaining("Endpoint=https://<name>.webpubsub.azure.com;AccessKey=<key>");
        }

    }

    @Nested
    class RequiredValues {

        @ParameterizedTest
        @ValueSource(strings = { "AccessKey=" + ACCESS_KEY, "Endpoint=;AccessKey=" + ACCESS_KEY,
                "Endpoint=   ;AccessKey=" + ACCESS_KEY })
        void aMissingOrEmptyEndpointIsNamed(String connectionString) {
            WebPubSubException ex = catchThrowableOfType(WebPubSubException.class,
                    () -> WebPubSubConnectionString.parse(connectionString));

            assertThat(ex).hasMessageContaining("Endpoint is missing or empty")
                .hasMessageContaining("Endpoint=https://<name>.webpubsub.azure.com");
            assertNoPartOf(ACCESS_KEY, ex.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = { "Endpoint=" + HOST, "Endpoint=" + HOST + ";AccessKey=",
                "Endpoint=" + HOST + ";AccessKey=  ;Version=1.0" })
        void aMissingOrEmptyAccessKeyIsNamed(String connectionString) {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> WebPubSubConnectionString.parse(connectionString))
                .withMessageContaining("AccessKey is missing or empty")
                .withMessageContaining("Keys page");
        }

        @ParameterizedTest
        @ValueSource(strings = { ",", " ", "&", "?" })
        void anAccessKeyLeftInsideTheEndpointByAnotherSeparatorIsNamed(String separator) {
            String connectionString = "Endpoint=" + HOST + separator + "AccessKey=" + ACCESS_KEY + separator
                    + "Version=1.0";

            WebPubSubException ex = catchThrowableOfType(WebPubSubException.class,
                    () -> WebPubSubConnectionString.parse(connectionString));

            assertThat(ex).hasMessage("Invalid Web PubSub connection string: the Endpoint value holds 'AccessKey='; "
                    + "separate the segments with ';', not ',' or spaces. The expected form is "
                    + "Endpoint=https://<name>.webpubsub.azure.com;AccessKey=<key>;Version=1.0;");
            assertNoPartOf(ACCESS_KEY, ex.getMessage());
        }

        @Test
        void anAccessKeyShorterThan32BytesIsRejectedWithoutEchoingIt() {
            String truncated = ACCESS_KEY.substring(0, 31);

            WebPubSubException ex = catchThrowableOfType(WebPubSubException.class,
                    () -> WebPubSubConnectionString.parse("Endpoint=" + HOST + ";AccessKey=" + truncated));

            assertThat(ex).hasMessageContaining("31 bytes").hasMessageContaining("at least 32");
            assertNoPartOf(truncated, ex.getMessage());
        }

    }

    @Nested
    class Duplicates {

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                Endpoint=https://a.webpubsub.azure.com;AccessKey=KEY;Endpoint=https://b.webpubsub.azure.com | Endpoint
                Endpoint=https://a.webpubsub.azure.com;AccessKey=KEY;AccessKey=KEY                          | AccessKey
                Endpoint=https://a.webpubsub.azure.com;accesskey=KEY;AccessKey=OTHER                        | accesskey
                Endpoint=https://a.webpubsub.azure.com;AccessKey=KEY;Port=443;Port=8443                     | Port
                ENDPOINT=https://a.webpubsub.azure.com;AccessKey=KEY;Endpoint=https://a.webpubsub.azure.com | ENDPOINT
                """)
        void aNameGivenTwiceIsRejectedNamedAsFirstWritten(String template, String named) {
            String connectionString = template.replace("OTHER", TestKeys.OTHER_ACCESS_KEY).replace("KEY", ACCESS_KEY);

            WebPubSubException ex = catchThrowableOfType(WebPubSubException.class,
                    () -> WebPubSubConnectionString.parse(connectionString));

            assertThat(ex).hasMessageContaining(named + " appears twice").hasMessageContaining("keep exactly one");
            assertNoPartOf(ACCESS_KEY, ex.getMessage());
            assertNoPartOf(TestKeys.OTHER_ACCESS_KEY, ex.getMessage());
        }

    }

    @Nested
    class Endpoint {

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                ftp://example.webpubsub.azure.com   | must use https (or http for a local service)
                wss://example.webpubsub.azure.com   | must use https (or http for a local service)
                ws://example.webpubsub.azure.com    | must use https (or http for a local service)
                example.webpubsub.azure.com         | is not an absolute http(s) URI
                /client/hubs                        | is not an absolute http(s) URI
                https:example.webpubsub.azure.com   | is not an absolute http(s) URI
                https:///path                       | has no host
                https://                            | is not a valid URI
                https://exa mple.com                | is not a valid URI
                https://user@example.com            | must not contain user information
                https://user:secret@example.com     | must not contain user information
                https://example.com?x=1             | must not have a query
                https://example.com/?               | must not have a query
                https://example.com/prefix?x=1      | must not have a query
                https://example.com#top             | must not have a fragment
                https://example.com/#               | must not have a fragment
                https://example.com//prefix         | has an empty or '..' path segment
                https://example.com/a//b            | has an empty or '..' path segment
                https://example.com/..              | has an empty or '..' path segment
                https://example.com:0               | has a port outside 1 to 65535
                https://example.com:70000           | has a port outside 1 to 65535
                """)
        void anEndpointThatIsNotAnAbsoluteHttpUriWithAHostAndNothingElseIsRejected(String endpoint, String problem) {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> WebPubSubConnectionString.parse("Endpoint=" + endpoint + ";AccessKey=" + ACCESS_KEY))
                .withMessageStartingWith("Endpoint of the connection string " + problem)
                .withMessageContaining("https://<name>.webpubsub.azure.com");
        }

        @ParameterizedTest
        @ValueSource(strings = { "https://" + ACCESS_KEY + "@example.com", "https://example.com?key=" + ACCESS_KEY,
                "https://example.com#" + ACCESS_KEY, "https://example.com/" + ACCESS_KEY + " x", "ftp://" + ACCESS_KEY,
                ACCESS_KEY })
        void anEndpointMessageNeverEchoesTheEndpointTextWhichMayHoldTheKey(String endpoint) {
            WebPubSubException ex = catchThrowableOfType(WebPubSubException.class,
                    () -> WebPubSubConnectionString.parse("Endpoint=" + endpoint + ";AccessKey=" + ACCESS_KEY));

            assertThat(ex).isNotNull();
            assertNoPartOf(ACCESS_KEY, ex.getMessage());
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                https://example.webpubsub.azure.com          | https://example.webpubsub.azure.com
                http://localhost:8080                        | http://localhost:8080
                HTTPS://Example.WebPubSub.Azure.com          | https://Example.WebPubSub.Azure.com
                https://example.com/prefix                   | https://example.com/prefix
                https://example.com/a/b                      | https://example.com/a/b
                https://example.com:8443/a/b                 | https://example.com:8443/a/b
                """)
        void theSchemeIsLowerCasedAndThePathIsKeptAsAPrefix(String endpoint, String expected) {
            WebPubSubConnectionString parsed = WebPubSubConnectionString
                .parse("Endpoint=" + endpoint + ";AccessKey=" + ACCESS_KEY);

            assertThat(parsed.endpoint()).isEqualTo(URI.create(expected));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                https://example.com/        | https://example.com
                https://example.com/prefix/ | https://example.com/prefix
                http://localhost:8080/      | http://localhost:8080
                """)
        void aTrailingSlashIsNotSignificant(String withSlash, String withoutSlash) {
            WebPubSubConnectionString slashed = WebPubSubConnectionString
                .parse("Endpoint=" + withSlash + ";AccessKey=" + ACCESS_KEY);
            WebPubSubConnectionString plain = WebPubSubConnectionString
                .parse("Endpoint=" + withoutSlash + ";AccessKey=" + ACCESS_KEY);

            assertThat(slashed.endpoint()).isEqualTo(URI.create(withoutSlash));
            assertThat(slashed).isEqualTo(plain).hasSameHashCodeAs(plain);
        }

    }

    @Nested
    class Port {

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                https://example.com         | 8443  | https://example.com:8443
                https://example.com:9000    | 8443  | https://example.com:8443
                https://example.com/prefix/ | 8443  | https://example.com:8443/prefix
                http://localhost:8080       | 1     | http://localhost:1
                http://localhost            | 65535 | http://localhost:65535
                """)
        void portReplacesTheEndpointsPort(String endpoint, String port, String expected) {
            WebPubSubConnectionString parsed = WebPubSubConnectionString
                .parse("Endpoint=" + endpoint + ";AccessKey=" + ACCESS_KEY + ";Port=" + port);

            assertThat(parsed.endpoint()).isEqualTo(URI.create(expected));
        }

        @Test
        void anExplicitPort443IsKept() {
            WebPubSubConnectionString parsed = WebPubSubConnectionString
                .parse("Endpoint=" + HOST + ";AccessKey=" + ACCESS_KEY + ";Port=443");

            assertThat(parsed.endpoint()).isEqualTo(URI.create("https://example.webpubsub.azure.com:443"));
        }

        @ParameterizedTest
        @ValueSource(strings = { "0", "65536", "-1", "+80", "\u0668\u0660", "80a", "1.5", "eighty", "", "99999999999",
                ACCESS_KEY })
        void aPortOutside1To65535IsRejected(String port) {
            WebPubSubException ex = catchThrowableOfType(WebPubSubException.class, () -> WebPubSubConnectionString
                .parse("Endpoint=" + HOST + ";AccessKey=" + ACCESS_KEY + ";Port=" + port));

            assertThat(ex).hasMessageContaining("Port must be a whole number from 1 to 65535");
            assertNoPartOf(ACCESS_KEY, ex.getMessage());
        }

    }

    @Nested
    class Secrecy {

        @Test
        void toStringMasksTheKey() {
            WebPubSubConnectionString parsed = WebPubSubConnectionString.parse(TestKeys.CONNECTION_STRING);

            assertThat(parsed.toString()).contains("example.webpubsub.azure.com").contains("******");
            assertNoPartOf(ACCESS_KEY, parsed.toString());
        }

        @Test
        void toStringOfAFactoryMasksTheKey() {
            ClientUrlFactory factory = TestKeys.factory();

            assertThat(factory.toString()).contains("example.webpubsub.azure.com");
            assertNoPartOf(ACCESS_KEY, factory.toString());
        }

        @Test
        void toStringOfAClientAccessMasksTheToken() {
            ClientAccess access = TestKeys.factory().create(request -> request.userId("alice"));

            assertThat(access.toString()).contains("wss://example.webpubsub.azure.com/client/hubs/chat");
            assertNoPartOf(access.token(), access.toString());
        }

        @Test
        void createsTheSameValueFromAnEndpointAndAKey() {
            assertThat(WebPubSubConnectionString.of(URI.create(HOST + "/"), ACCESS_KEY))
                .isEqualTo(WebPubSubConnectionString.parse(TestKeys.CONNECTION_STRING));
        }

        @Test
        void anInvalidEndpointGivenWithAKeyIsRejectedWithoutTheKey() {
            WebPubSubException ex = catchThrowableOfType(WebPubSubException.class, () -> WebPubSubConnectionString
                .of(URI.create("https://example.com?key=" + ACCESS_KEY), ACCESS_KEY));

            assertThat(ex).hasMessageStartingWith("Endpoint must not have a query");
            assertNoPartOf(ACCESS_KEY, ex.getMessage());
        }

    }

}
