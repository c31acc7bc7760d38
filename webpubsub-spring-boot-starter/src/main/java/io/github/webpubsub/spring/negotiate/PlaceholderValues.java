package io.github.webpubsub.spring.negotiate;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The values of one request's placeholders: {@code {userId}}, the caller's user id, and
 * the URI template variables of the matched path, decoded as Spring MVC decodes them for
 * {@code @PathVariable}.
 */
final class PlaceholderValues {

    static final String USER_ID = "userId";

    private final @Nullable String userId;

    private final Map<String, String> pathVariables;

    PlaceholderValues(@Nullable String userId, Map<String, String> pathVariables) {
        this.userId = userId;
        this.pathVariables = Map.copyOf(pathVariables);
    }

    /**
     * Tells whether every placeholder has a value; only {@code {userId}} can lack one,
     * for an anonymous caller.
     */
    boolean hasAll(Set<String> names) {
        return this.userId != null || !names.contains(USER_ID);
    }

    String get(String name) {
        String value = USER_ID.equals(name) ? this.userId : this.pathVariables.get(name);
        if (value == null) {
            // Startup validation makes every placeholder userId or a path variable of
            // every mapped path.
            throw new IllegalStateException("No value for placeholder {" + name + "}");
        }
        return value;
    }

    /**
     * Describes a placeholder's value for a client: its origin and a short, printable
     * excerpt.
     */
    String describe(String name) {
        String origin = USER_ID.equals(name) ? "the user id" : "the path variable '" + name + "'";
        String value = USER_ID.equals(name) ? this.userId : this.pathVariables.get(name);
        return (value != null) ? origin + " (" + excerpt(value) + ")" : origin;
    }

    /**
     * Returns at most 32 characters of a value, in quotes, with anything but printable
     * ASCII replaced by {@code ?}, so that an error answer can point at the value without
     * reflecting arbitrary input.
     */
    static String excerpt(String value) {
        int max = 32;
        StringBuilder excerpt = new StringBuilder("\"");
        for (int i = 0; i < Math.min(value.length(), max); i++) {
            char c = value.charAt(i);
            excerpt.append((c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? c : '?');
        }
        excerpt.append('"');
        if (value.length() > max) {
            excerpt.append("... (").append(value.length()).append(" characters)");
        }
        return excerpt.toString();
    }

}
