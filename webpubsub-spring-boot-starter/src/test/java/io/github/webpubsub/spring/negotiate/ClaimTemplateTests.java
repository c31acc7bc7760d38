package io.github.webpubsub.spring.negotiate;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClaimTemplate} and {@link PlaceholderValues}: parsing, expansion and
 * the excerpts that error answers show.
 */
class ClaimTemplateTests {

    @Test
    void literalTemplateExpandsToItself() {
        ClaimTemplate template = ClaimTemplate.parse("lobby");
        assertThat(template.hasPlaceholders()).isFalse();
        assertThat(template.literalPrefix()).isEqualTo("lobby");
        assertThat(template.expand((name) -> "unused", (value) -> value)).isEqualTo("lobby");
    }

    @Test
    void placeholdersAreFoundInOrderOnce() {
        ClaimTemplate template = ClaimTemplate.parse("{room}-{userId}-{room}");
        assertThat(template.placeholders()).containsExactly("room", "userId");
        assertThat(template.literalPrefix()).isEmpty();
        assertThat(template.expand(Map.of("room", "blue", "userId", "alice")::get, (value) -> value))
            .isEqualTo("blue-alice-blue");
    }

    @Test
    void valuesAreEscapedAndLiteralsAreNot() {
        ClaimTemplate template = ClaimTemplate.parse("a*.{x}.*");
        assertThat(template.expand((name) -> "b*?\\", RoleTemplate::escapeWildcards)).isEqualTo("a*.b\\*\\?\\\\.*");
    }

    @Test
    void unclosedBraceIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> ClaimTemplate.parse("room-{room"))
            .withMessage("'room-{room' has a '{' at index 5 that is never closed. Write placeholders as {name}; "
                    + "braces cannot appear literally.");
    }

    @Test
    void strayClosingBraceIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> ClaimTemplate.parse("room}"))
            .withMessageStartingWith("'room}' has a '}' at index 4 that closes no placeholder.");
    }

    @Test
    void placeholderNameMustBeAJavaIdentifier() {
        for (String template : new String[] { "{}", "{1st}", "{room-id}", "{a{b}", "{ room}" }) {
            assertThatIllegalArgumentException().as(template)
                .isThrownBy(() -> ClaimTemplate.parse(template))
                .withMessageContaining("is not a Java identifier");
        }
    }

    @Test
    void nullIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> ClaimTemplate.parse(null))
            .withMessageStartingWith("The template is null.");
    }

    @Test
    void excerptIsShortPrintableAndQuoted() {
        assertThat(PlaceholderValues.excerpt("alice")).isEqualTo("\"alice\"");
        assertThat(PlaceholderValues.excerpt("a\tb\"c\\d\u00e9")).isEqualTo("\"a?b?c?d?\"");
        assertThat(PlaceholderValues.excerpt("y".repeat(40)))
            .isEqualTo("\"" + "y".repeat(32) + "\"... (40 characters)");
    }

    @Test
    void valuesDescribeTheirOrigin() {
        PlaceholderValues values = new PlaceholderValues("alice", Map.of("room", "blue"));
        assertThat(values.describe("userId")).isEqualTo("the user id (\"alice\")");
        assertThat(values.describe("room")).isEqualTo("the path variable 'room' (\"blue\")");
    }

    @Test
    void anonymousCallerHasNoUserIdValue() {
        PlaceholderValues values = new PlaceholderValues(null, Map.of("room", "blue"));
        assertThat(values.hasAll(java.util.Set.of("room"))).isTrue();
        assertThat(values.hasAll(java.util.Set.of("room", "userId"))).isFalse();
    }

}
