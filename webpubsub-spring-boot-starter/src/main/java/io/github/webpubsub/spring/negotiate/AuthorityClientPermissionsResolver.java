package io.github.webpubsub.spring.negotiate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.InvalidClientAccessRequestException;
import io.github.webpubsub.token.WebPubSubRole;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The default {@link ClientPermissionsResolver}: maps each of the caller's granted
 * authorities to roles and groups through two tables,
 * {@code webpubsub.negotiate.authority-roles} and
 * {@code webpubsub.negotiate.authority-groups}. Authority strings themselves never become
 * roles or groups, and authorities without an entry grant nothing. Values may hold the
 * placeholder {@code {userId}}; for an anonymous caller, values that use it are left out.
 *
 * <pre>{@code
 * ClientPermissionsResolver resolver = new AuthorityClientPermissionsResolver(
 *         Map.of("ROLE_ADMIN", List.of("webpubsub.sendToGroup", "webpubsub.joinLeaveGroup")),
 *         Map.of("ROLE_USER", List.of("user-{userId}")));
 * }</pre>
 */
public final class AuthorityClientPermissionsResolver implements ClientPermissionsResolver {

    private final Map<String, List<RoleTemplate>> roles;

    private final Map<String, List<ClaimTemplate>> groups;

    /**
     * Set once at startup, when every endpoint's templates are known; see
     * {@link GrantBoundary}.
     */
    private volatile GrantBoundary boundary = GrantBoundary.NONE;

    /**
     * Creates a resolver from the two tables, checking every entry.
     * @param authorityRoles roles per authority, such as
     * {@code ROLE_ADMIN -> [webpubsub.sendToGroup]}
     * @param authorityGroups groups per authority, such as {@code ROLE_USER ->
     * [user-{userId}]}
     * @throws IllegalArgumentException naming the authority and the entry, if a role or
     * group is invalid or a placeholder other than {@code {userId}} is used
     */
    public AuthorityClientPermissionsResolver(Map<String, List<String>> authorityRoles,
            Map<String, List<String>> authorityGroups) {
        this.roles = parse(authorityRoles, RoleTemplate::parse, RoleTemplate::placeholders, "role");
        this.groups = parse(authorityGroups, NegotiateEndpoint::parseGroup, ClaimTemplate::placeholders, "group");
        checkBoundary();
    }

    private static <T> Map<String, List<T>> parse(Map<String, List<String>> table, Function<String, T> parser,
            Function<T, Set<String>> placeholders, String what) {
        if (table == null) {
            throw new IllegalArgumentException(
                    "The authority " + what + "s table is null. Give an empty map for none.");
        }
        Map<String, List<T>> parsed = new LinkedHashMap<>();
        table.forEach((authority, values) -> {
            if (values == null) {
                throw new InvalidEntryException(what, authority, 0, "The " + what + "s of [" + authority + "]",
                        "The list is null. Give a list, or remove the authority.");
            }
            List<T> templates = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                String entry = "[" + authority + "][" + i + "]";
                T template;
                try {
                    template = parser.apply(values.get(i));
                }
                catch (InvalidClientAccessRequestException | IllegalArgumentException ex) {
                    throw new InvalidEntryException(what, authority, i, "The " + what + " at " + entry,
                            Objects.requireNonNullElse(ex.getMessage(), "is invalid."));
                }
                for (String placeholder : placeholders.apply(template)) {
                    if (!PlaceholderValues.USER_ID.equals(placeholder)) {
                        throw new InvalidEntryException(what, authority, i, "The " + what + " at " + entry,
                                "'" + values.get(i) + "' has the placeholder {" + placeholder + "}; only {userId} is "
                                        + "known here (path variables belong in the annotation's attributes).");
                    }
                }
                templates.add(template);
            }
            parsed.put(authority, List.copyOf(templates));
        });
        return Collections.unmodifiableMap(parsed);
    }

    /**
     * Returns the templates of both tables, for the {@link GrantBoundary} of the
     * application.
     * @param rolesTable the property name of the roles table, for messages
     * @param groupsTable the property name of the groups table, for messages
     */
    List<GrantBoundary.Grant> grants(String rolesTable, String groupsTable) {
        return List.copyOf(entries(rolesTable, groupsTable).keySet());
    }

    /**
     * Returns each template of both tables with the entry that holds it.
     */
    private Map<GrantBoundary.Grant, Entry> entries(String rolesTable, String groupsTable) {
        Map<GrantBoundary.Grant, Entry> entries = new LinkedHashMap<>();
        this.roles.forEach((authority, templates) -> {
            for (int i = 0; i < templates.size(); i++) {
                String entry = "[" + authority + "][" + i + "]";
                GrantBoundary.Grant grant = templates.get(i).grant(null, rolesTable + entry);
                if (grant != null) {
                    entries.put(grant, new Entry("role", authority, i));
                }
            }
        });
        this.groups.forEach((authority, templates) -> {
            for (int i = 0; i < templates.size(); i++) {
                String entry = "[" + authority + "][" + i + "]";
                ClaimTemplate group = templates.get(i);
                entries.put(new GrantBoundary.Grant(null, groupsTable + entry, group, false, group.source()),
                        new Entry("group", authority, i));
            }
        });
        return entries;
    }

    /**
     * Refuses tables in which a wildcard role with {@code {userId}} reaches the groups
     * another entry gives other callers.
     */
    private void checkBoundary() {
        Map<GrantBoundary.Grant, Entry> entries = entries("authority-roles", "authority-groups");
        for (GrantBoundary.Conflict conflict : GrantBoundary.of(List.copyOf(entries.keySet())).conflicts()) {
            // Every conflict names a template of the tables.
            Entry entry = Objects.requireNonNull(entries.get(conflict.template()));
            throw new InvalidEntryException(entry.what(), entry.authority(), entry.index(),
                    "The " + entry.what() + " at [" + entry.authority() + "][" + entry.index() + "]",
                    conflict.description() + " " + conflict.action());
        }
    }

    /** Where a template stands in the tables. */
    private record Entry(String what, String authority, int index) {
    }

    /**
     * Applies the value rules of the application's {@link GrantBoundary} to both tables.
     */
    void restrictTo(GrantBoundary boundary) {
        this.boundary = boundary;
    }

    @Override
    public ClientPermissions resolve(Authentication authentication, @Nullable String userId) {
        Set<WebPubSubRole> roles = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        grant(authentication, userId, roles::add,
                (group, values) -> groups.add(NegotiateEndpoint.expand(group, values, this.boundary)));
        return ClientPermissions.of(roles, groups);
    }

    /**
     * Adds the roles and groups of a caller to a request, as {@link #resolve} decides
     * them: the negotiate flow's way, in which the request checks each group once.
     */
    void grant(Authentication authentication, @Nullable String userId, ClientAccessRequest.Builder request) {
        grant(authentication, userId, request::roles,
                (group, values) -> NegotiateEndpoint.addGroup(request, group, values, this.boundary));
    }

    private void grant(Authentication authentication, @Nullable String userId, Consumer<WebPubSubRole> roles,
            BiConsumer<ClaimTemplate, PlaceholderValues> groups) {
        PlaceholderValues values = new PlaceholderValues(userId, Map.of());
        for (GrantedAuthority granted : authentication.getAuthorities()) {
            String authority = granted.getAuthority();
            if (authority == null) {
                continue;
            }
            for (RoleTemplate role : this.roles.getOrDefault(authority, List.of())) {
                if (values.hasAll(role.placeholders())) {
                    roles.accept(NegotiateEndpoint.expand(role, values, this.boundary));
                }
            }
            for (ClaimTemplate group : this.groups.getOrDefault(authority, List.of())) {
                if (values.hasAll(group.placeholders())) {
                    groups.accept(group, values);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "AuthorityClientPermissionsResolver[roles=" + this.roles + ", groups=" + this.groups + "]";
    }

    /**
     * An invalid entry of one of the tables, with its authority and index, so the
     * configuration report can name the property.
     */
    static final class InvalidEntryException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final String what;

        private final String authority;

        private final int index;

        private final String detail;

        InvalidEntryException(String what, String authority, int index, String entry, String detail) {
            super(entry + " is invalid. " + detail);
            this.what = what;
            this.authority = authority;
            this.index = index;
            this.detail = detail;
        }

        /**
         * Returns what is wrong with the entry, without naming it.
         */
        String detail() {
            return this.detail;
        }

        /**
         * Tells whether the entry is one of the roles table, else of the groups table.
         */
        boolean isRole() {
            return "role".equals(this.what);
        }

        String authority() {
            return this.authority;
        }

        int index() {
            return this.index;
        }

    }

}
