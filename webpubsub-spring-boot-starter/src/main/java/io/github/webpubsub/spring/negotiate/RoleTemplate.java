package io.github.webpubsub.spring.negotiate;

import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.github.webpubsub.token.WebPubSubRole;
import org.jspecify.annotations.Nullable;

/**
 * A role with placeholders in its group or pattern part, such as {@code webpubsub.sendToGroup.room-{room}} or
 * {@code webpubsub.joinLeaveGroups.user-{userId}.*}.
 *
 * <p>Two rules keep a placeholder value from granting more than the template says:
 * <ul>
 * <li>placeholders may only stand after the role's name and its dot, so a value can never change which role it is
 * (with {@code webpubsub.sendToGroup{x}}, a value {@code s.*} would turn a one-group role into a wildcard);</li>
 * <li>in the pattern roles ({@code joinLeaveGroups}, {@code sendToGroups}) each value is escaped, so that its
 * {@code *}, {@code ?} and {@code \} match literally: a user id {@code a*} must not reach the groups of user
 * {@code ab}.</li>
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
     * @throws IllegalArgumentException if it is no role, or has a placeholder outside the group or pattern part
     */
    static RoleTemplate parse(String role) {
        ClaimTemplate template = ClaimTemplate.parse(role);
        if (!template.hasPlaceholders()) {
            return new RoleTemplate(template, WebPubSubRole.parse(role), null, null);
        }
        String prefix = template.literalPrefix();
        for (Kind kind : Kind.values()) {
            if (prefix.startsWith(kind.prefix)) {
                RoleTemplate parsed = new RoleTemplate(template, null, kind, template.suffix(kind.prefix.length()));
                parsed.expand((name) -> NegotiateEndpoint.SAMPLE_VALUE);
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
     * Fills in the placeholders and returns the role.
     * @throws IllegalArgumentException if a value makes the group or pattern invalid
     */
    WebPubSubRole expand(Function<String, String> values) {
        if (this.constant != null) {
            return this.constant;
        }
        return this.kind.role.apply(this.target.expand(values, this.kind.escape));
    }

    @Override
    public String toString() {
        return this.template.source();
    }

    /**
     * Escapes the wildcard characters of the service's group patterns, so that a value matches only itself.
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
     * The roles that take a group or a pattern. The prefixes are told apart unambiguously: the character after
     * {@code Group} is a dot in one and an {@code s} in the other.
     */
    private enum Kind {

        JOIN_LEAVE_GROUP("webpubsub.joinLeaveGroup.", WebPubSubRole::joinLeaveGroup, UnaryOperator.identity()),

        SEND_TO_GROUP("webpubsub.sendToGroup.", WebPubSubRole::sendToGroup, UnaryOperator.identity()),

        JOIN_LEAVE_GROUPS("webpubsub.joinLeaveGroups.", WebPubSubRole::joinLeaveGroups, RoleTemplate::escapeWildcards),

        SEND_TO_GROUPS("webpubsub.sendToGroups.", WebPubSubRole::sendToGroups, RoleTemplate::escapeWildcards);

        private final String prefix;

        private final Function<String, WebPubSubRole> role;

        private final UnaryOperator<String> escape;

        Kind(String prefix, Function<String, WebPubSubRole> role, UnaryOperator<String> escape) {
            this.prefix = prefix;
            this.role = role;
            this.escape = escape;
        }

    }

}
