package io.github.webpubsub.spring.negotiate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A group name, or the group part of a role, with {@code {name}} placeholders:
 * {@code user-{userId}}, {@code room-{room}}. A placeholder names a Java identifier;
 * braces cannot appear literally, so that a typo such as a missing brace fails at startup
 * instead of producing a group nobody expects.
 */
final class ClaimTemplate {

    private final String source;

    /**
     * Literal text and placeholder names, alternately: even indexes are literals (maybe
     * empty).
     */
    private final List<String> parts;

    private final Set<String> placeholders;

    private ClaimTemplate(String source, List<String> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
        Set<String> names = new LinkedHashSet<>();
        for (int i = 1; i < parts.size(); i += 2) {
            names.add(parts.get(i));
        }
        this.placeholders = Collections.unmodifiableSet(names);
    }

    /**
     * Parses a template.
     * @throws IllegalArgumentException if a brace is unmatched or a placeholder is not a
     * Java identifier
     */
    static ClaimTemplate parse(String template) {
        if (template == null) {
            throw new IllegalArgumentException(
                    "The template is null. Give a string such as 'lobby' or 'user-{userId}'.");
        }
        List<String> parts = new ArrayList<>();
        int literalStart = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '}') {
                throw new IllegalArgumentException("'" + template + "' has a '}' at index " + i + " that closes no "
                        + "placeholder. Write placeholders as {name}; braces cannot appear literally.");
            }
            if (c == '{') {
                int end = template.indexOf('}', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("'" + template + "' has a '{' at index " + i + " that is never "
                            + "closed. Write placeholders as {name}; braces cannot appear literally.");
                }
                String name = template.substring(i + 1, end);
                if (!isJavaIdentifier(name)) {
                    throw new IllegalArgumentException("'" + template + "' has a placeholder '{" + name + "}' whose "
                            + "name is not a Java identifier. Use {userId} or the name of a path variable, such as "
                            + "{room}.");
                }
                parts.add(template.substring(literalStart, i));
                parts.add(name);
                literalStart = end + 1;
                i = end;
            }
        }
        parts.add(template.substring(literalStart));
        return new ClaimTemplate(template, parts);
    }

    private static boolean isJavaIdentifier(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        return name.chars().skip(1).allMatch(Character::isJavaIdentifierPart);
    }

    /**
     * Returns the template as written.
     */
    String source() {
        return this.source;
    }

    /**
     * Returns the placeholder names, in order of first appearance.
     */
    Set<String> placeholders() {
        return this.placeholders;
    }

    /**
     * Returns literal text and placeholder names, alternately: even indexes are literals
     * (maybe empty).
     */
    List<String> parts() {
        return this.parts;
    }

    boolean hasPlaceholders() {
        return !this.placeholders.isEmpty();
    }

    /**
     * Returns the literal text before the first placeholder (the whole template if it has
     * none).
     */
    String literalPrefix() {
        return this.parts.get(0);
    }

    /**
     * Returns the template from the given index on, as a template.
     */
    ClaimTemplate suffix(int beginIndex) {
        return parse(this.source.substring(beginIndex));
    }

    /**
     * Fills in the placeholders.
     * @param values the value of each placeholder; must know every name in
     * {@link #placeholders()}
     * @param escape applied to each value before it is inserted, for example to make
     * wildcards literal
     */
    String expand(Function<String, String> values, UnaryOperator<String> escape) {
        if (this.parts.size() == 1) {
            return this.source;
        }
        StringBuilder expanded = new StringBuilder(this.source.length() + 32);
        for (int i = 0; i < this.parts.size(); i++) {
            expanded.append((i % 2 == 0) ? this.parts.get(i) : escape.apply(values.apply(this.parts.get(i))));
        }
        return expanded.toString();
    }

    @Override
    public String toString() {
        return this.source;
    }

}
