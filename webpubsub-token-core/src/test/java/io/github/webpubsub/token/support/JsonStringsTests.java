package io.github.webpubsub.token.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JsonStrings}: the one escaping rule of the token's claims and the negotiate
 * answers.
 */
class JsonStringsTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyCharacterReadsBackAsItselfWithAnIndependentParser() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (!Character.isSurrogate(c)) {
                all.append(c);
            }
        }
        all.append("\uD83D\uDE00");
        String value = all.toString();
        assertThat(JSON.readValue(JsonStrings.quoted(value), String.class)).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "a\"b|\"a\\\"b\"", "a\\b|\"a\\\\b\"", "é€|\"é€\"" })
    void quotesAndBackslashesAreEscapedAndTextIsKept(String value, String expected) {
        assertThat(JsonStrings.quoted(value)).isEqualTo(expected);
    }

    @Test
    void controlsDelAndTheJavaScriptLineSeparatorsAreEscaped() {
        assertThat(JsonStrings.quoted("\u0000\n\u001f\u007f\u2028\u2029"))
            .isEqualTo("\"\\u0000\\u000a\\u001f\\u007f\\u2028\\u2029\"");
        assertThat(JsonStrings.quoted("\u0020\u007e\u0080")).isEqualTo("\"\u0020\u007e\u0080\"");
    }

    @Test
    void appendingKeepsWhatTheBuilderHolds() {
        StringBuilder json = new StringBuilder("{\"url\":");
        assertThat(JsonStrings.appendQuoted(json, "wss://h/client/hubs/chat").append('}'))
            .hasToString("{\"url\":\"wss://h/client/hubs/chat\"}");
    }

}
