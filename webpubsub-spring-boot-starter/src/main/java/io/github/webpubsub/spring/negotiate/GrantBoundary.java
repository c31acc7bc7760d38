package io.github.webpubsub.spring.negotiate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Keeps every caller inside its own groups: a wildcard role issued to one caller never
 * grants a group that the same configuration issues to another caller.
 *
 * <p>
 * Group names are {@code .}-separated segments, and the service's {@code *} and {@code ?}
 * never cross a {@code .}. A caller's value is kept inside one segment of a wildcard role
 * ({@code user-{userId}.*}) by three rules:
 * <ol>
 * <li>in a wildcard role, a placeholder ends its segment, and that segment has no
 * wildcard (checked at startup, by {@link #checkPatternLayout}): with
 * {@code user-{userId}-*}, user {@code a} would reach {@code user-a-b}, the group of user
 * {@code a-b};</li>
 * <li>a value placed in a wildcard role cannot contain {@code .} (checked per request,
 * answered with 400): user {@code a} with {@code user-a.*} would otherwise reach
 * {@code user-a.b}... and user {@code a.b}'s {@code user-a.b} sits inside it;</li>
 * <li>every other template of the configuration (groups, one-group roles, other wildcard
 * roles) whose names can fall where a wildcard role with placeholders reaches is
 * {@linkplain #of analysed at startup}: if its names can only meet that role's for the
 * same value, its values cannot contain {@code .} either (so the segments line up); if
 * they can meet for another value, startup fails naming both.</li>
 * </ol>
 * Templates whose literal prefix no wildcard role reaches keep unrestricted values: a
 * group {@code mail-{userId}} serves user ids with dots, such as e-mail addresses.
 */
final class GrantBoundary {

    /**
     * A boundary that restricts nothing: for configurations without wildcard roles that
     * have placeholders.
     */
    static final GrantBoundary NONE = new GrantBoundary(Set.of());

    /** The sources of the templates whose placeholder values cannot contain {@code .}. */
    private final Set<String> dotFreeTemplates;

    private GrantBoundary(Set<String> dotFreeTemplates) {
        this.dotFreeTemplates = Set.copyOf(dotFreeTemplates);
    }

    /**
     * Analyses every template of a configuration against its wildcard roles with
     * placeholders.
     * @param templates the group and role templates of the authority tables and of every
     * endpoint
     * @return the boundary, or the conflicts that no value rule can resolve
     */
    static Analysis of(List<Grant> templates) {
        List<Grant> wildcards = templates.stream()
            .filter((grant) -> grant.pattern() && grant.template().hasPlaceholders())
            .toList();
        Set<String> dotFree = new LinkedHashSet<>();
        List<Conflict> conflicts = new ArrayList<>();
        for (Grant wildcard : wildcards) {
            List<Segment> reach = Segment.split(wildcard.template(), true);
            for (Grant other : templates) {
                switch (meeting(reach, wildcard.template(), other)) {
                    case NEVER -> {
                    }
                    case SAME_VALUE_ONLY -> dotFree.add(other.template().source());
                    case OTHER_VALUES -> conflicts.add(new Conflict(other, wildcard));
                }
            }
        }
        return new Analysis(new GrantBoundary(dotFree), List.copyOf(conflicts));
    }

    /**
     * Returns the check that values placed into a group or one-group role template must
     * pass.
     */
    UnaryOperator<String> valueRule(ClaimTemplate template) {
        if (!this.dotFreeTemplates.contains(template.source())) {
            return UnaryOperator.identity();
        }
        return (value) -> {
            if (value.indexOf('.') >= 0) {
                throw new IllegalArgumentException("It contains '.', and the group '" + template.source()
                        + "' lies where a wildcard role of this endpoint's configuration reaches, so a '.' would "
                        + "let it name another caller's groups. Values with '.' can only be served by templates "
                        + "that no wildcard role reaches, such as 'mail-{userId}'.");
            }
            return value;
        };
    }

    /**
     * Checks startup rule 1: each placeholder of a wildcard role ends its segment, holds
     * no wildcard beside it, and has no {@code **} before it.
     * @param role the role, for messages
     * @param pattern the pattern part of the role
     * @throws IllegalArgumentException naming the placeholder and the fix
     */
    static void checkPatternLayout(String role, ClaimTemplate pattern) {
        boolean spanned = false;
        for (Segment segment : Segment.split(pattern, true)) {
            List<Token> tokens = segment.tokens();
            for (int i = 0; i < tokens.size(); i++) {
                if (!(tokens.get(i) instanceof Slot slot)) {
                    continue;
                }
                String name = "{" + slot.name() + "}";
                if (spanned) {
                    throw new IllegalArgumentException("Role '" + role + "' has '**' before the placeholder " + name
                            + ". '**' spans segments, so the value would not stay in its own segment. "
                            + "Put '**' only after the last placeholder.");
                }
                if (i < tokens.size() - 1) {
                    throw new IllegalArgumentException("Role '" + role + "' continues its pattern after the "
                            + "placeholder " + name + " without a '.', so one caller's value could be the start of "
                            + "another's (with 'user-{userId}-*', user 'a' would reach the group of user 'a-b'). "
                            + "End the placeholder's segment right after it, as in "
                            + "'webpubsub.joinLeaveGroups.user-{userId}.*'.");
                }
                if (tokens.stream().anyMatch(Wildcard.class::isInstance)) {
                    throw new IllegalArgumentException("Role '" + role + "' has a wildcard in the segment of the "
                            + "placeholder " + name + ", so one caller's value could match the end of another's. "
                            + "Keep wildcards out of that segment, as in "
                            + "'webpubsub.joinLeaveGroups.user-{userId}.*'.");
                }
            }
            spanned |= segment.spans();
        }
    }

    /**
     * Tells how the names of a template can meet what a wildcard role grants.
     */
    private static Meeting meeting(List<Segment> reach, ClaimTemplate wildcard, Grant other) {
        // Whatever the values, the two must share their text up to the first value or
        // wildcard.
        String reachPrefix = Segment.literalPrefix(reach);
        String otherPrefix = Segment.literalPrefix(Segment.split(other.template(), other.pattern()));
        if (!reachPrefix.startsWith(otherPrefix) && !otherPrefix.startsWith(reachPrefix)) {
            return Meeting.NEVER;
        }
        // With values that cannot contain '.', the segments line up: compare them one by
        // one.
        List<Segment> names = Segment.split(other.template(), other.pattern());
        boolean otherValues = false;
        for (int i = 0; i < reach.size(); i++) {
            Segment granted = reach.get(i);
            if (i >= names.size()) {
                // The role grants names of more segments than the template's ('**' too
                // needs the '.' before it).
                return neverOrDotFree(other);
            }
            if (granted.spans() || names.get(i).spans()) {
                // '**' matches whatever follows: the segments compared so far decide.
                return otherValues ? Meeting.OTHER_VALUES : Meeting.SAME_VALUE_ONLY;
            }
            Segment name = names.get(i);
            Slot slot = granted.slot();
            if (slot == null) {
                if (name.isLiteral() && !granted.matches(name.literal())) {
                    return neverOrDotFree(other);
                }
            }
            else if (!name.equals(granted)) {
                // Another text where the role holds a caller's value: can it be some
                // other caller's value?
                String before = granted.literal();
                String nameStart = name.literalPrefix();
                boolean canMeet = name.isLiteral()
                        ? nameStart.startsWith(before) && nameStart.length() > before.length()
                        : nameStart.startsWith(before) || before.startsWith(nameStart);
                if (!canMeet) {
                    return neverOrDotFree(other);
                }
                otherValues = true;
            }
        }
        if (names.size() > reach.size()) {
            // The template's names have more segments than the role grants.
            return neverOrDotFree(other);
        }
        return otherValues ? Meeting.OTHER_VALUES : Meeting.SAME_VALUE_ONLY;
    }

    /**
     * Two templates kept apart only by their segments: the other's values must not shift
     * them.
     */
    private static Meeting neverOrDotFree(Grant other) {
        return other.template().hasPlaceholders() ? Meeting.SAME_VALUE_ONLY : Meeting.NEVER;
    }

    private enum Meeting {

        /**
         * No name of the template is granted by the wildcard role, whatever the values.
         */
        NEVER,

        /**
         * Names meet only for equal values, provided the template's values hold no '.'.
         */
        SAME_VALUE_ONLY,

        /**
         * One caller's wildcard role can grant a name that the template gives another
         * caller.
         */
        OTHER_VALUES

    }

    /**
     * A template of the configuration and where it was written.
     *
     * @param owner the {@code @WebPubSubNegotiate} method that declares it, or
     * {@code null} for an authority table
     * @param origin the attribute or property that holds it, for messages
     * @param template the group, or the group or pattern part of a role
     * @param pattern whether it is the pattern of a wildcard role
     * @param role the whole role, or the group, as written
     */
    record Grant(@Nullable String owner, String origin, ClaimTemplate template, boolean pattern, String role) {

        String where() {
            return (this.owner != null) ? this.origin + " of " + this.owner : this.origin;
        }

    }

    /**
     * A template whose names a wildcard role with placeholders grants to callers with
     * other values.
     */
    record Conflict(Grant template, Grant wildcard) {

        String description() {
            return "'" + this.template.role() + "' (" + this.template.where() + ") names groups that the wildcard "
                    + "role '" + this.wildcard.role() + "' (" + this.wildcard.where() + ") grants to callers with "
                    + "other values, so one caller could join or send to another caller's groups.";
        }

        String action() {
            return "Give the two different literal prefixes (such as 'user-{userId}.*' and 'room-{room}'), or make "
                    + "their placeholder segments the same (such as 'user-{userId}.*' with 'user-{userId}' and "
                    + "'user-{userId}.inbox').";
        }

    }

    /**
     * The result of {@link #of}.
     */
    record Analysis(GrantBoundary boundary, List<Conflict> conflicts) {
    }

    private sealed interface Token permits Literal, Wildcard, Slot {

    }

    private record Literal(String text) implements Token {
    }

    private record Slot(String name) implements Token {
    }

    private enum Wildcard implements Token {

        ONE_CHARACTER, IN_SEGMENT, ANY_SEGMENTS

    }

    /**
     * One {@code .}-separated part of a template, as literal text, wildcards and
     * placeholders.
     */
    private record Segment(List<Token> tokens) {

        static List<Segment> split(ClaimTemplate template, boolean pattern) {
            List<Segment> segments = new ArrayList<>();
            List<Token> tokens = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            List<String> parts = template.parts();
            for (int p = 0; p < parts.size(); p++) {
                String part = parts.get(p);
                if (p % 2 == 1) {
                    flush(literal, tokens);
                    tokens.add(new Slot(part));
                    continue;
                }
                for (int i = 0; i < part.length(); i++) {
                    char c = part.charAt(i);
                    if (c == '.') {
                        flush(literal, tokens);
                        segments.add(new Segment(List.copyOf(tokens)));
                        tokens.clear();
                    }
                    else if (pattern && c == '\\' && i + 1 < part.length()) {
                        literal.append(part.charAt(++i));
                    }
                    else if (pattern && c == '*') {
                        flush(literal, tokens);
                        boolean twice = i + 1 < part.length() && part.charAt(i + 1) == '*';
                        tokens.add(twice ? Wildcard.ANY_SEGMENTS : Wildcard.IN_SEGMENT);
                        i += twice ? 1 : 0;
                    }
                    else if (pattern && c == '?') {
                        flush(literal, tokens);
                        tokens.add(Wildcard.ONE_CHARACTER);
                    }
                    else {
                        literal.append(c);
                    }
                }
            }
            flush(literal, tokens);
            segments.add(new Segment(List.copyOf(tokens)));
            return segments;
        }

        private static void flush(StringBuilder literal, List<Token> tokens) {
            if (!literal.isEmpty()) {
                tokens.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
        }

        /** The text of all segments up to the first wildcard or placeholder. */
        static String literalPrefix(List<Segment> segments) {
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < segments.size(); i++) {
                prefix.append((i > 0) ? "." : "").append(segments.get(i).literalPrefix());
                if (!segments.get(i).isLiteral()) {
                    break;
                }
            }
            return prefix.toString();
        }

        /** Tells whether the segment holds {@code **}, which matches across segments. */
        boolean spans() {
            return this.tokens.contains(Wildcard.ANY_SEGMENTS);
        }

        boolean isLiteral() {
            return this.tokens.stream().allMatch(Literal.class::isInstance);
        }

        /** The segment's text up to its first wildcard or placeholder. */
        String literalPrefix() {
            return (!this.tokens.isEmpty() && this.tokens.get(0) instanceof Literal literal) ? literal.text() : "";
        }

        /** The segment's literal text, wildcards and placeholders left out. */
        String literal() {
            StringBuilder text = new StringBuilder();
            for (Token token : this.tokens) {
                if (token instanceof Literal literal) {
                    text.append(literal.text());
                }
            }
            return text.toString();
        }

        @Nullable Slot slot() {
            return this.tokens.stream().filter(Slot.class::isInstance).map(Slot.class::cast).findFirst().orElse(null);
        }

        /**
         * Tells whether a wildcard segment (no placeholder) matches a literal segment.
         */
        boolean matches(String name) {
            StringBuilder regex = new StringBuilder();
            for (Token token : this.tokens) {
                if (token instanceof Literal literal) {
                    regex.append(Pattern.quote(literal.text()));
                }
                else {
                    regex.append((token == Wildcard.ONE_CHARACTER) ? "[^.]" : "[^.]*");
                }
            }
            return Pattern.matches(regex.toString(), name);
        }

    }

}
