package io.github.webpubsub.spring.negotiate;

import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.github.webpubsub.token.WebPubSubRole;
import io.github.webpubsub.token.WebPubSubRole.Permission;
import org.jspecify.annotations.Nullable;

/**
 * A role with placeholders in its group or pattern part, such as
 * {@code webpubsub.sendToGroup.room-{room}} or
 * {@code webpubsub.joinLeaveGroups.user-{userId}.*}.
 *
 * <p>
 * Two rules keep a placeholder value from granting more than the template says:
 * <ul>
 * <li>placeholders may only stand after the role's name and its dot, so a value can never
 * change which role it is (with {@code webpubsub.sendToGroup{x}}, a value {@code s.*}
 * would turn a one-group role into a wildcard);</li>
 * <li>in the pattern roles ({@code joinLeaveGroups}, {@code sendToGroups}) each value is
 * escaped, so that its {@code *}, {@code ?} and {@code \} match literally: a user id
 * {@code a*} must not reach the groups of user {@code ab}; and each value stays inside
 * its own {@code .}-separated segment, as {@link GrantBoundary} explains.</li>
 * </ul>
 */
final class RoleTemplate {

    private final ClaimTemplate template;

    /** The role, when the template has no placeholders. */
    private final @Nullable WebPubSubRole constant;

    /** The kind of role, when the template has placeholders. */
    private final @Nullable Kind kind;

    /** The group or pattern part, when the template has placeholders. */
    private final @Nullable ClaimTemplate target;

    private RoleTemplate(ClaimTemplate template, @Nullable WebPubSubRole constant, @Nullable Kind kind,
            @Nullable ClaimTemplate target) {
        this.template = template;
        this.constant = constant;
        this.kind = kind;
        this.target = target;
    }

    /**
     * Parses a role template and checks it by expanding it with a harmless value.
     * @throws IllegalArgumentException if it is no role, or has a placeholder outside the
     * group or pattern part
     */
    static RoleTemplate parse(String role) {
        ClaimTemplate template = ClaimTemplate.parse(role);
        if (!template.hasPlaceholders()) {
            return new RoleTemplate(template, WebPubSubRole.parse(role), null, null);
        }
        String prefix = template.literalPrefix();
        for (Kind kind : Kind.values()) {
            if (prefix.startsWith(kind.prefix)) {
                ClaimTemplate target = template.suffix(kind.prefix.length());
                RoleTemplate parsed = new RoleTemplate(template, null, kind, target);
                parsed.expand((name) -> NegotiateEndpoint.SAMPLE_VALUE);
                if (kind.pattern) {
                    GrantBoundary.checkPatternLayout(role, target);
                }
                return parsed;
            }
        }
        throw new IllegalArgumentException("Role '" + role + "' has a placeholder outside its group part. "
                + "Placeholders may only follow 'webpubsub.joinLeaveGroup.', 'webpubsub.sendToGroup.', "
                + "'webpubsub.joinLeaveGroups.' or 'webpubsub.sendToGroups.', as in "
                + "'webpubsub.sendToGroup.room-{room}', so that no value can change which role is granted.");
    }

    /**
     * Returns the placeholder names.
     */
    Set<String> placeholders() {
        return this.template.placeholders();
    }

    String source() {
        return this.template.source();
    }

    /**
     * Returns what the role names as a template of the configuration, for the
     * {@link GrantBoundary}: its group or pattern part, or {@code null} for a role of any
     * group.
     */
    GrantBoundary.@Nullable Grant grant(@Nullable String owner, String origin) {
        if (this.kind != null) {
            return new GrantBoundary.Grant(owner, origin, Objects.requireNonNull(this.target), this.kind.pattern,
                    source());
        }
        for (Kind kind : Kind.values()) {
            if (source().startsWith(kind.prefix)) {
                return new GrantBoundary.Grant(owner, origin,
                        ClaimTemplate.parse(source().substring(kind.prefix.length())), kind.pattern, source());
            }
        }
        return null;
    }

    /**
     * Fills in the placeholders and returns the role, with no {@link GrantBoundary}
     * beyond the role's own rules.
     * @throws IllegalArgumentException if a value makes the group or pattern invalid
     */
    WebPubSubRole expand(Function<String, String> values) {
        return expand(values, GrantBoundary.NONE);
    }

    /**
     * Fills in the placeholders and returns the role.
     * @param boundary the rules for values in one-group roles
     * @throws IllegalArgumentException if a value makes the group or pattern invalid, or
     * a value of a pattern role contains {@code .}
     */
    WebPubSubRole expand(Function<String, String> values, GrantBoundary boundary) {
        if (this.constant != null) {
            return this.constant;
        }
        // Without a constant, a template has a kind and a target.
        Kind kind = Objects.requireNonNull(this.kind);
        ClaimTemplate target = Objects.requireNonNull(this.target);
        UnaryOperator<String> escape = kind.pattern ? RoleTemplate::inOneSegment : boundary.valueRule(target);
        return kind.role.apply(target.expand(values, escape));
    }

    /**
     * Keeps a value of a pattern role inside its segment: {@code .} would move the
     * segment boundary, and {@code *}, {@code ?} and {@code \} are escaped to match
     * literally.
     */
    private static String inOneSegment(String value) {
        if (value.indexOf('.') >= 0) {
            throw new IllegalArgumentException("It contains '.', which cannot stand in a wildcard role "
                    + "(joinLeaveGroups, sendToGroups): a '.' would move the boundary between group segments, so "
                    + "that user 'a' with 'user-a.*' would reach the groups of user 'a.b'. Values with '.' can only be "
                    + "given one-group roles, such as 'webpubsub.joinLeaveGroup.mail-{userId}'.");
        }
        return escapeWildcards(value);
    }

    @Override
    public String toString() {
        return this.template.source();
    }

    /**
     * Escapes the wildcard characters of the service's group patterns, so that a value
     * matches only itself.
     */
    static String escapeWildcards(String value) {
        StringBuilder escaped = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '*' || c == '?') {
                if (escaped == null) {
                    escaped = new StringBuilder(value.length() + 8).append(value, 0, i);
                }
                escaped.append('\\');
            }
            if (escaped != null) {
                escaped.append(c);
            }
        }
        return (escaped != null) ? escaped.toString() : value;
    }

    /**
     * The roles that take a group or a pattern. The prefixes are told apart
     * unambiguously: the character after {@code Group} is a dot in one and an {@code s}
     * in the other.
     */
    private enum Kind {

        JOIN_LEAVE_GROUP(Permission.JOIN_LEAVE_GROUP.groupRolePrefix(), WebPubSubRole::joinLeaveGroup, false),

        SEND_TO_GROUP(Permission.SEND_TO_GROUP.groupRolePrefix(), WebPubSubRole::sendToGroup, false),

        JOIN_LEAVE_GROUPS(Permission.JOIN_LEAVE_GROUP.patternRolePrefix(), WebPubSubRole::joinLeaveGroups, true),

        SEND_TO_GROUPS(Permission.SEND_TO_GROUP.patternRolePrefix(), WebPubSubRole::sendToGroups, true);

        private final String prefix;

        private final Function<String, WebPubSubRole> role;

        /**
         * Whether the part after the prefix is a wildcard pattern rather than one group.
         */
        private final boolean pattern;

        Kind(String prefix, Function<String, WebPubSubRole> role, boolean pattern) {
            this.prefix = prefix;
            this.role = role;
            this.pattern = pattern;
        }

    }

}
