package io.github.webpubsub.token;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BearerTokenTests {

    private static final Instant EXPIRY = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void holdsTheValueAndExpiry() {
        BearerToken token = new BearerToken("eyJ0eXAi.secret.value", EXPIRY);

        assertThat(token.value()).isEqualTo("eyJ0eXAi.secret.value");
        assertThat(token.expiresAt()).isEqualTo(EXPIRY);
    }

    @Test
    void toStringMasksTheValue() {
        assertThat(new BearerToken("eyJ0eXAi.secret.value", EXPIRY))
            .hasToString("BearerToken[value=******, expiresAt=2030-01-01T00:00:00Z]");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "\t" })
    void refusesABlankValue(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new BearerToken(value, EXPIRY))
            .withMessageStartingWith("Bearer token value is null or blank.")
            .withMessageContaining("https://webpubsub.azure.com/.default");
    }

    @Test
    void refusesANullValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> new BearerToken(null, EXPIRY))
            .withMessageStartingWith("Bearer token value is null or blank.");
    }

    @Test
    void refusesControlCharactersThatWouldSplitTheHeaderWithoutEchoingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> new BearerToken("secret-part\r\nX-Injected: 1", EXPIRY))
            .withMessage("Bearer token value has a control character at index 11. Return the access token exactly "
                    + "as Microsoft Entra ID issued it.");
    }

    @Test
    void refusesANullExpiry() {
        assertThatIllegalArgumentException().isThrownBy(() -> new BearerToken("value", null))
            .withMessageStartingWith("Bearer token expiry is null.");
    }

}
