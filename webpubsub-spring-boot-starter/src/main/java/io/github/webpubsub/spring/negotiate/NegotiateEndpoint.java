package io.github.webpubsub.spring.negotiate;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientProtocol;
import io.github.webpubsub.token.InvalidClientAccessRequestException;
import io.github.webpubsub.token.WebPubSubRole;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * One {@link WebPubSubNegotiate @WebPubSubNegotiate} method, its attributes parsed and
 * checked once at startup, and what it adds to each request: hub, lifetime, protocol, and
 * its roles and groups with the placeholders filled in.
 */
final class NegotiateEndpoint {

    /** Stands in for placeholder values when templates are checked at startup. */
    static final String SAMPLE_VALUE = "sample";

    private final String name;

    private final @Nullable String hub;

    private final List<RoleTemplate> roles;

    private final List<ClaimTemplate> groups;

    private final @Nullable Duration lifetime;

    private final ClientProtocol protocol;

    private final boolean allowAnonymous;

    private final GrantBoundary boundary;

    private NegotiateEndpoint(String name, @Nullable String hub, List<RoleTemplate> roles, List<ClaimTemplate> groups,
            @Nullable Duration lifetime, ClientProtocol protocol, boolean allowAnonymous, GrantBoundary boundary) {
        this.name = name;
        this.hub = hub;
        this.roles = List.copyOf(roles);
        this.groups = List.copyOf(groups);
        this.lifetime = lifetime;
        this.protocol = protocol;
        this.allowAnonymous = allowAnonymous;
        this.boundary = boundary;
    }

    /**
     * Parses and checks an annotation's attributes.
     * @param name the method, as {@code Class#method}, for messages
     * @param annotation the merged annotation
     * @param pathVariables the URI template variables that every mapped path has
     * @param maxLifetime the longest lifetime the factory issues
     * ({@code webpubsub.token.max-lifetime})
     * @throws InvalidEndpointException listing every problem found
     */
    static NegotiateEndpoint of(String name, WebPubSubNegotiate annotation, Set<String> pathVariables,
            Duration maxLifetime) {
        List<Problem> problems = new ArrayList<>();
        String hub = hub(annotation.hub(), problems);
        Duration lifetime = lifetime(annotation.lifetime(), maxLifetime, problems);
        List<RoleTemplate> roles = new ArrayList<>();
        String[] roleTemplates = annotation.roles();
        for (int i = 0; i < roleTemplates.length; i++) {
            String attribute = "roles[" + i + "]";
            try {
                RoleTemplate role = RoleTemplate.parse(roleTemplates[i]);
                if (checkPlaceholders(attribute, role.source(), role.placeholders(), pathVariables, problems)) {
                    roles.add(role);
                }
            }
            catch (InvalidClientAccessRequestException | IllegalArgumentException ex) {
                problems.add(new Problem(attribute, "'" + attribute + "' is invalid. " + ex.getMessage(),
                        "Give a role such as 'webpubsub.sendToGroup.lobby' or "
                                + "'webpubsub.joinLeaveGroup.room-{room}'."));
            }
        }
        List<ClaimTemplate> groups = new ArrayList<>();
        String[] groupTemplates = annotation.groups();
        for (int i = 0; i < groupTemplates.length; i++) {
            String attribute = "groups[" + i + "]";
            try {
                ClaimTemplate group = parseGroup(groupTemplates[i]);
                if (checkPlaceholders(attribute, group.source(), group.placeholders(), pathVariables, problems)) {
                    groups.add(group);
                }
            }
            catch (InvalidClientAccessRequestException | IllegalArgumentException ex) {
                problems.add(new Problem(attribute, "'" + attribute + "' is invalid. " + ex.getMessage(),
                        "Give a group name such as 'lobby' or 'room-{room}'."));
            }
        }
        boolean usesUserId = roles.stream().anyMatch((role) -> role.placeholders().contains(PlaceholderValues.USER_ID))
                || groups.stream().anyMatch((group) -> group.placeholders().contains(PlaceholderValues.USER_ID));
        if (usesUserId && pathVariables.contains(PlaceholderValues.USER_ID)) {
            problems.add(new Problem("path",
                    "The path has a variable {userId}, and the roles or groups use the "
                            + "placeholder {userId}, which is always the caller's user id, never the path's.",
                    "Rename the path variable, such as {user}, so that each placeholder says what it is."));
        }
        if (!problems.isEmpty()) {
            throw new InvalidEndpointException(problems);
        }
        return new NegotiateEndpoint(name, hub, roles, groups, lifetime, annotation.protocol(),
                annotation.allowAnonymous(), GrantBoundary.NONE);
    }

    /**
     * Returns the role and group templates of this endpoint, for the
     * {@link GrantBoundary} of the application.
     */
    List<GrantBoundary.Grant> grants() {
        List<GrantBoundary.Grant> grants = new ArrayList<>();
        for (int i = 0; i < this.roles.size(); i++) {
            GrantBoundary.Grant grant = this.roles.get(i).grant(this.name, "roles[" + i + "]");
            if (grant != null) {
                grants.add(grant);
            }
        }
        for (int i = 0; i < this.groups.size(); i++) {
            ClaimTemplate group = this.groups.get(i);
            grants.add(new GrantBoundary.Grant(this.name, "groups[" + i + "]", group, false, group.source()));
        }
        return grants;
    }

    /**
     * Returns this endpoint with the value rules of the application's
     * {@link GrantBoundary}.
     */
    NegotiateEndpoint within(GrantBoundary boundary) {
        return new NegotiateEndpoint(this.name, this.hub, this.roles, this.groups, this.lifetime, this.protocol,
                this.allowAnonymous, boundary);
    }

    /**
     * Parses a group template and checks it by expanding it with a harmless value.
     */
    static ClaimTemplate parseGroup(String group) {
        ClaimTemplate template = ClaimTemplate.parse(group);
        ClientAccessRequest.builder().groups(template.expand((name) -> SAMPLE_VALUE, (value) -> value));
        return template;
    }

    private static @Nullable String hub(String hub, List<Problem> problems) {
        if (hub.isEmpty()) {
            return null;
        }
        try {
            ClientAccessRequest.builder().hub(hub);
            return hub;
        }
        catch (InvalidClientAccessRequestException ex) {
            problems.add(new Problem("hub", "'hub' is invalid. " + ex.getMessage(),
                    "Set hub to a hub name such as \"chat\", or remove it to use '" + NegotiatePropertyNames.HUB
                            + "'."));
            return null;
        }
    }

    private static @Nullable Duration lifetime(String lifetime, Duration maxLifetime, List<Problem> problems) {
        if (lifetime.isEmpty()) {
            return null;
        }
        String fix = "Set lifetime to a positive duration up to '" + NegotiatePropertyNames.TOKEN_MAX_LIFETIME + "' ("
                + maxLifetime + "), such as \"15m\", or remove it to use '" + NegotiatePropertyNames.TOKEN_LIFETIME
                + "'.";
        Duration parsed;
        try {
            // Seconds when no unit is given, as for webpubsub.token.lifetime.
            parsed = DurationStyle.detectAndParse(lifetime.strip(), ChronoUnit.SECONDS);
        }
        catch (IllegalArgumentException ex) {
            problems.add(new Problem("lifetime", "'lifetime' (\"" + lifetime + "\") is not a duration.", fix));
            return null;
        }
        if (parsed.isNegative() || parsed.isZero()) {
            problems.add(new Problem("lifetime", "'lifetime' (\"" + lifetime + "\") is not positive.", fix));
            return null;
        }
        if (parsed.compareTo(maxLifetime) > 0) {
            problems.add(new Problem("lifetime",
                    "'lifetime' (\"" + lifetime + "\") exceeds '" + NegotiatePropertyNames.TOKEN_MAX_LIFETIME + "' ("
                            + maxLifetime + "), so every request would be refused.",
                    fix + " Or raise '" + NegotiatePropertyNames.TOKEN_MAX_LIFETIME + "'."));
            return null;
        }
        return parsed;
    }

    private static boolean checkPlaceholders(String attribute, String template, Set<String> placeholders,
            Set<String> pathVariables, List<Problem> problems) {
        boolean valid = true;
        for (String placeholder : placeholders) {
            if (!PlaceholderValues.USER_ID.equals(placeholder) && !pathVariables.contains(placeholder)) {
                String known = pathVariables.isEmpty() ? "the path has no variables"
                        : "the path variables are " + String.join(", ", pathVariables.stream().sorted().toList());
                problems.add(new Problem(attribute,
                        "'" + attribute + "' (\"" + template + "\") has the placeholder {" + placeholder
                                + "}, which is neither {userId} nor a variable of every mapped path (" + known + ").",
                        "Use {userId} or a path variable of the mapped path, such as {room} with path "
                                + "\"/rooms/{room}/negotiate\"."));
                valid = false;
            }
        }
        return valid;
    }

    /**
     * Adds this endpoint's hub, lifetime, protocol, roles and groups to a request.
     * Templates that use {@code {userId}} are left out for an anonymous caller, who has
     * none.
     * @throws InvalidClaimValueException if a placeholder value makes a role or group
     * invalid
     */
    void prefill(ClientAccessRequest.Builder request, PlaceholderValues values) {
        if (this.hub != null) {
            request.hub(this.hub);
        }
        if (this.lifetime != null) {
            request.lifetime(this.lifetime);
        }
        request.protocol(this.protocol);
        for (RoleTemplate role : this.roles) {
            if (values.hasAll(role.placeholders())) {
                request.roles(expand(role, values, this.boundary));
            }
        }
        for (ClaimTemplate group : this.groups) {
            if (values.hasAll(group.placeholders())) {
                addGroup(request, group, values, this.boundary);
            }
        }
    }

    static WebPubSubRole expand(RoleTemplate role, PlaceholderValues values, GrantBoundary boundary) {
        try {
            return role.expand(values::get, boundary);
        }
        catch (InvalidClientAccessRequestException | IllegalArgumentException ex) {
            throw InvalidClaimValueException.of("role", role.placeholders(), values, ex);
        }
    }

    static String expand(ClaimTemplate group, PlaceholderValues values, GrantBoundary boundary) {
        return addGroup(ClientAccessRequest.builder(), group, values, boundary);
    }

    /**
     * Expands a group template and adds the group to a request, which checks it: once,
     * however many templates and tables a caller's groups come from.
     * @return the group
     * @throws InvalidClaimValueException naming the value's origin, if a placeholder
     * value makes the group invalid
     */
    static String addGroup(ClientAccessRequest.Builder request, ClaimTemplate group, PlaceholderValues values,
            GrantBoundary boundary) {
        try {
            String expanded = group.expand(values::get, boundary.valueRule(group));
            request.groups(expanded);
            return expanded;
        }
        catch (InvalidClientAccessRequestException | IllegalArgumentException ex) {
            throw InvalidClaimValueException.of("group", group.placeholders(), values, ex);
        }
    }

    String name() {
        return this.name;
    }

    boolean allowAnonymous() {
        return this.allowAnonymous;
    }

    @Override
    public String toString() {
        return "NegotiateEndpoint[" + this.name + ", hub=" + this.hub + ", roles=" + this.roles + ", groups="
                + this.groups + ", lifetime=" + this.lifetime + ", protocol=" + this.protocol + ", allowAnonymous="
                + this.allowAnonymous + "]";
    }

    /**
     * What is wrong with one attribute, and the fix.
     */
    record Problem(String attribute, String description, String action) {
    }

    /**
     * An annotation whose attributes cannot work.
     */
    static final class InvalidEndpointException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final transient List<Problem> problems;

        InvalidEndpointException(List<Problem> problems) {
            super(problems.get(0).description());
            this.problems = List.copyOf(problems);
        }

        List<Problem> problems() {
            return this.problems;
        }

    }

}
