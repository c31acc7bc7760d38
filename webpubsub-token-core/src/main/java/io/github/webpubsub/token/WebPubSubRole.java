package io.github.webpubsub.token;

import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A role the service grants a client connection, exactly as the service spells it. Build
 * one with the factory methods, or check a string with {@link #parse(String)}: a string
 * that is no role the service knows (such as {@code webpubsub.sendtogroup}) is rejected
 * instead of becoming a claim that silently grants nothing.
 *
 * <table>
 * <caption>Roles</caption>
 * <tr>
 * <th>factory</th>
 * <th>role</th>
 * <th>grants</th>
 * </tr>
 * <tr>
 * <td>{@link #joinLeaveAnyGroup()}</td>
 * <td>{@code webpubsub.joinLeaveGroup}</td>
 * <td>join and leave any group</td>
 * </tr>
 * <tr>
 * <td>{@link #sendToAnyGroup()}</td>
 * <td>{@code webpubsub.sendToGroup}</td>
 * <td>send to any group</td>
 * </tr>
 * <tr>
 * <td>{@link #joinLeaveGroup(String)}</td>
 * <td>{@code webpubsub.joinLeaveGroup.<group>}</td>
 * <td>join and leave one group</td>
 * </tr>
 * <tr>
 * <td>{@link #sendToGroup(String)}</td>
 * <td>{@code webpubsub.sendToGroup.<group>}</td>
 * <td>send to one group</td>
 * </tr>
 * <tr>
 * <td>{@link #joinLeaveGroups(String)}</td>
 * <td>{@code webpubsub.joinLeaveGroups.<pattern>}</td>
 * <td>join and leave the matching groups</td>
 * </tr>
 * <tr>
 * <td>{@link #sendToGroups(String)}</td>
 * <td>{@code webpubsub.sendToGroups.<pattern>}</td>
 * <td>send to the matching groups</td>
 * </tr>
 * </table>
 *
 * <p>
 * Patterns use the service's wildcard syntax: {@code ?} matches one character other than
 * {@code .}, {@code *} matches any run of characters without a {@code .}, {@code **}
 * matches any run including {@code .}, and a backslash escapes {@code \}, {@code *} or
 * {@code ?}. A pattern holds at most five {@code *}.
 *
 * <pre>{@code
 * ClientAccessRequest request = ClientAccessRequest.builder()
 *         .roles(WebPubSubRole.sendToGroup("lobby"), WebPubSubRole.joinLeaveGroups("tenant-7.**"))
 *         .build();
 * }</pre>
 */
public final class WebPubSubRole {

    private static final String PREFIX = "webpubsub.";

    private static final int MAX_STARS = 5;

    /**
     * {@code Permission.values()} copies its array on every call; parsing runs once per
     * role per request.
     */
    private static final Permission[] PERMISSIONS = Permission.values();

    private final String value;

    private final Permission permission;

    private final Scope scope;

    /** The group, or the pattern, or {@code null} for any group. */
    private final @Nullable String target;

    /** Compiled matcher of a pattern role, else {@code null}. */
    private final @Nullable Pattern compiledPattern;

    private WebPubSubRole(Permission permission, Scope scope, @Nullable String target) {
        this.permission = permission;
        this.scope = scope;
        this.target = target;
        this.compiledPattern = (scope == Scope.PATTERN) ? compile(Objects.requireNonNull(target)) : null;
        this.value = switch (scope) {
            case ANY_GROUP -> permission.anyGroupRole;
            case GROUP -> permission.groupRolePrefix + target;
            case PATTERN -> permission.patternRolePrefix + target;
        };
    }

    /**
     * Returns the role that lets a client join and leave any group.
     * @return {@code webpubsub.joinLeaveGroup}
     */
    public static WebPubSubRole joinLeaveAnyGroup() {
        return new WebPubSubRole(Permission.JOIN_LEAVE_GROUP, Scope.ANY_GROUP, null);
    }

    /**
     * Returns the role that lets a client send messages to any group.
     * @return {@code webpubsub.sendToGroup}
     */
    public static WebPubSubRole sendToAnyGroup() {
        return new WebPubSubRole(Permission.SEND_TO_GROUP, Scope.ANY_GROUP, null);
    }

    /**
     * Returns the role that lets a client join and leave one group.
     * @param group a valid group name
     * @return {@code webpubsub.joinLeaveGroup.<group>}
     * @throws InvalidClientAccessRequestException if the group name is invalid
     */
    public static WebPubSubRole joinLeaveGroup(String group) {
        return new WebPubSubRole(Permission.JOIN_LEAVE_GROUP, Scope.GROUP, ClaimValues.requireValidGroup(group));
    }

    /**
     * Returns the role that lets a client send messages to one group.
     * @param group a valid group name
     * @return {@code webpubsub.sendToGroup.<group>}
     * @throws InvalidClientAccessRequestException if the group name is invalid
     */
    public static WebPubSubRole sendToGroup(String group) {
        return new WebPubSubRole(Permission.SEND_TO_GROUP, Scope.GROUP, ClaimValues.requireValidGroup(group));
    }

    /**
     * Returns the role that lets a client join and leave every group matching a wildcard
     * pattern.
     * @param pattern a pattern in the service's wildcard syntax, for example
     * {@code project-7.*}
     * @return {@code webpubsub.joinLeaveGroups.<pattern>}
     * @throws InvalidClientAccessRequestException if the pattern is invalid
     */
    public static WebPubSubRole joinLeaveGroups(String pattern) {
        return new WebPubSubRole(Permission.JOIN_LEAVE_GROUP, Scope.PATTERN, requireValidPattern(pattern));
    }

    /**
     * Returns the role that lets a client send messages to every group matching a
     * wildcard pattern.
     * @param pattern a pattern in the service's wildcard syntax, for example
     * {@code project-7.**}
     * @return {@code webpubsub.sendToGroups.<pattern>}
     * @throws InvalidClientAccessRequestException if the pattern is invalid
     */
    public static WebPubSubRole sendToGroups(String pattern) {
        return new WebPubSubRole(Permission.SEND_TO_GROUP, Scope.PATTERN, requireValidPattern(pattern));
    }

    /**
     * Checks a role string and returns it as a role.
     * @param role a role string such as {@code webpubsub.sendToGroup.lobby}
     * @return the role
     * @throws InvalidClientAccessRequestException if the string is none of the roles the
     * service defines
     */
    public static WebPubSubRole parse(String role) {
        if (role == null) {
            throw new InvalidClientAccessRequestException("Role is null. " + expectedRoles());
        }
        for (Permission permission : PERMISSIONS) {
            if (role.equals(permission.anyGroupRole)) {
                return new WebPubSubRole(permission, Scope.ANY_GROUP, null);
            }
            if (role.startsWith(permission.groupRolePrefix)) {
                String group = role.substring(permission.groupRolePrefix.length());
                return new WebPubSubRole(permission, Scope.GROUP,
                        requireValidTarget(role, () -> ClaimValues.requireValidGroup(group)));
            }
            if (role.startsWith(permission.patternRolePrefix)) {
                String pattern = role.substring(permission.patternRolePrefix.length());
                return new WebPubSubRole(permission, Scope.PATTERN,
                        requireValidTarget(role, () -> requireValidPattern(pattern)));
            }
        }
        throw new InvalidClientAccessRequestException(
                "'" + Printable.quote(role) + "' is not a Web PubSub role; the service "
                        + "would ignore it and the client would get no permission. " + expectedRoles());
    }

    /**
     * Returns the role as the token carries it.
     * @return for example {@code webpubsub.sendToGroup.lobby}
     */
    public String value() {
        return this.value;
    }

    /**
     * Returns what the role permits.
     * @return the permission
     */
    public Permission permission() {
        return this.permission;
    }

    /**
     * Tells whether this role gives a permission for a group, as the service decides it,
     * wildcards included. A server can use it to check what a set of roles lets a client
     * do before it hands them out, or a test double of the service to enforce them, as
     * the local hub does.
     *
     * <pre>{@code
     * WebPubSubRole role = WebPubSubRole.parse("webpubsub.sendToGroups.tenant-7.*");
     * role.grants(Permission.SEND_TO_GROUP, "tenant-7.news");     // true
     * role.grants(Permission.SEND_TO_GROUP, "tenant-7.a.b");      // false: '*' stops at '.'
     * role.grants(Permission.JOIN_LEAVE_GROUP, "tenant-7.news");  // false: another permission
     * }</pre>
     * @param permission the permission asked for
     * @param group the group
     * @return {@code true} if a client holding this role has that permission on that
     * group
     */
    public boolean grants(Permission permission, @Nullable String group) {
        if (this.permission != permission || group == null) {
            return false;
        }
        return switch (this.scope) {
            case ANY_GROUP -> true;
            case GROUP -> group.equals(this.target);
            case PATTERN -> this.compiledPattern != null && this.compiledPattern.matcher(group).matches();
        };
    }

    @Override
    public boolean equals(Object other) {
        return (other instanceof WebPubSubRole role) && this.value.equals(role.value);
    }

    @Override
    public int hashCode() {
        return this.value.hashCode();
    }

    @Override
    public String toString() {
        return this.value;
    }

    private static String requireValidTarget(String role, java.util.function.Supplier<String> validation) {
        try {
            return validation.get();
        }
        catch (InvalidClientAccessRequestException ex) {
            throw new InvalidClientAccessRequestException(
                    "Role '" + Printable.quote(role) + "' names an invalid group: " + ex.getMessage(), ex);
        }
    }

    private static String requireValidPattern(String pattern) {
        ClaimValues.requireValidGroupPattern(pattern);
        int stars = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                char next = (i + 1 < pattern.length()) ? pattern.charAt(i + 1) : 0;
                if (next != '\\' && next != '*' && next != '?') {
                    throw new InvalidClientAccessRequestException("Group pattern has a backslash at index " + i
                            + " that escapes nothing. A backslash may only precede \\, * or ?; write \\\\ for a "
                            + "literal backslash.");
                }
                i++;
            }
            else if (c == '*') {
                stars++;
            }
        }
        if (stars > MAX_STARS) {
            throw new InvalidClientAccessRequestException(
                    "Group pattern has " + stars + " '*' characters; the service allows at most " + MAX_STARS
                            + " (each '**' counts two). Narrow the pattern.");
        }
        return pattern;
    }

    private static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder(pattern.length() + 16);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            }
            else if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                regex.append("(?s:.*)");
                i++;
            }
            else if (c == '*') {
                regex.append("[^.]*");
            }
            else if (c == '?') {
                regex.append("[^.]");
            }
            else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static String expectedRoles() {
        return "Expected webpubsub.joinLeaveGroup or webpubsub.sendToGroup (any group), either followed by '.<group>' "
                + "(one group), or webpubsub.joinLeaveGroups.<pattern> / webpubsub.sendToGroups.<pattern>; "
                + "the names are case-sensitive. WebPubSubRole has a factory method for each.";
    }

    /**
     * What a role permits, and how the service spells the roles that give it.
     */
    public enum Permission {

        /** Joining and leaving groups. */
        JOIN_LEAVE_GROUP("joinLeaveGroup"),

        /** Sending messages to groups. */
        SEND_TO_GROUP("sendToGroup");

        // The role names, spelled out once rather than concatenated on every parse.
        private final String anyGroupRole;

        private final String groupRolePrefix;

        private final String patternRolePrefix;

        Permission(String name) {
            this.anyGroupRole = PREFIX + name;
            this.groupRolePrefix = PREFIX + name + ".";
            this.patternRolePrefix = PREFIX + name + "s.";
        }

        /**
         * Returns the role that gives this permission on any group.
         * @return {@code webpubsub.joinLeaveGroup} or {@code webpubsub.sendToGroup}
         */
        public String anyGroupRole() {
            return this.anyGroupRole;
        }

        /**
         * Returns what a role that gives this permission on one group starts with; the
         * group follows.
         * @return {@code webpubsub.joinLeaveGroup.} or {@code webpubsub.sendToGroup.}
         */
        public String groupRolePrefix() {
            return this.groupRolePrefix;
        }

        /**
         * Returns what a role that gives this permission on the groups of a pattern
         * starts with; the pattern follows.
         * @return {@code webpubsub.joinLeaveGroups.} or {@code webpubsub.sendToGroups.}
         */
        public String patternRolePrefix() {
            return this.patternRolePrefix;
        }

    }

    private enum Scope {

        ANY_GROUP, GROUP, PATTERN

    }

}
