package io.github.webpubsub.token;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What one client may do: who it is, its roles, the groups it joins on connect, how long
 * its token lives, which protocol it speaks and which hub it connects to. Immutable;
 * every value is validated when it is given to the builder, so an invalid request cannot
 * be built.
 *
 * <pre>{@code
 * ClientAccessRequest request = ClientAccessRequest.builder()
 *         .userId("alice")
 *         .roles(WebPubSubRole.sendToGroup("lobby"), WebPubSubRole.joinLeaveGroup("lobby"))
 *         .groups("lobby")
 *         .lifetime(Duration.ofMinutes(5))
 *         .build();
 * }</pre>
 */
public final class ClientAccessRequest {

    private final @Nullable String hub;

    private final @Nullable String userId;

    private final List<WebPubSubRole> roles;

    private final List<String> roleValues;

    private final List<String> groups;

    private final @Nullable Duration lifetime;

    private final ClientProtocol protocol;

    private ClientAccessRequest(Builder builder) {
        this.hub = builder.hub;
        this.userId = builder.userId;
        this.roles = List.copyOf(builder.roles);
        this.roleValues = this.roles.stream().map(WebPubSubRole::value).toList();
        this.groups = List.copyOf(builder.groups);
        this.lifetime = builder.lifetime;
        this.protocol = builder.protocol;
    }

    /**
     * Starts a request for an anonymous client of the factory's default hub, with no
     * roles and no groups.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this request's values, to derive a changed copy.
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.hub = this.hub;
        builder.userId = this.userId;
        builder.roles.addAll(this.roles);
        builder.groups.addAll(this.groups);
        builder.lifetime = this.lifetime;
        builder.protocol = this.protocol;
        return builder;
    }

    /**
     * Returns the hub, if this request overrides the factory's default hub.
     * @return the hub, or empty for the default
     */
    public Optional<String> hub() {
        return Optional.ofNullable(this.hub);
    }

    /**
     * Returns the user id, the token's {@code sub} claim.
     * @return the user id, or empty for an anonymous client
     */
    public Optional<String> userId() {
        return Optional.ofNullable(this.userId);
    }

    /**
     * Returns the roles, in the order they were added, without duplicates.
     * @return an unmodifiable list
     */
    public List<WebPubSubRole> roles() {
        return this.roles;
    }

    /**
     * Returns the groups the client joins on connect, in the order they were added,
     * without duplicates.
     * @return an unmodifiable list
     */
    public List<String> groups() {
        return this.groups;
    }

    /**
     * Returns the token lifetime, if this request overrides the factory's default.
     * @return the lifetime, or empty for the default
     */
    public Optional<Duration> lifetime() {
        return Optional.ofNullable(this.lifetime);
    }

    /**
     * Returns the client protocol.
     * @return the protocol; {@link ClientProtocol#DEFAULT} unless set
     */
    public ClientProtocol protocol() {
        return this.protocol;
    }

    List<String> roleValues() {
        return this.roleValues;
    }

    @Nullable String hubOrNull() {
        return this.hub;
    }

    @Nullable String userIdOrNull() {
        return this.userId;
    }

    @Nullable Duration lifetimeOrNull() {
        return this.lifetime;
    }

    @Override
    public boolean equals(Object other) {
        return (other instanceof ClientAccessRequest that) && Objects.equals(this.hub, that.hub)
                && Objects.equals(this.userId, that.userId) && this.roles.equals(that.roles)
                && this.groups.equals(that.groups) && Objects.equals(this.lifetime, that.lifetime)
                && this.protocol == that.protocol;
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.hub, this.userId, this.roles, this.groups, this.lifetime, this.protocol);
    }

    @Override
    public String toString() {
        return "ClientAccessRequest[hub=" + this.hub + ", userId=" + this.userId + ", roles=" + this.roleValues
                + ", groups=" + this.groups + ", lifetime=" + this.lifetime + ", protocol=" + this.protocol + "]";
    }

    /**
     * Builds a {@link ClientAccessRequest}. Each method checks its input and throws
     * {@link InvalidClientAccessRequestException} with the rule and the fix. A builder is
     * not thread-safe.
     *
     * <p>
     * Two kinds of methods: {@code hub}, {@code userId}, {@code lifetime} and
     * {@code protocol} <em>set</em> one value, replacing any set before; {@code roles}
     * and {@code groups} <em>add</em> to those added before and never remove one, so that
     * several parts of an application (a customizer, then the endpoint) can each
     * contribute permissions without erasing another's.
     *
     * <pre>{@code
     * ClientAccessRequest request = ClientAccessRequest.builder()
     *         .userId("alice").userId("bob")            // sets: the user is bob
     *         .groups("lobby").groups("room-7")         // adds: both groups
     *         .build();
     * }</pre>
     */
    public static final class Builder {

        private @Nullable String hub;

        private @Nullable String userId;

        private final Set<WebPubSubRole> roles = new LinkedHashSet<>();

        private final Set<String> groups = new LinkedHashSet<>();

        private @Nullable Duration lifetime;

        private ClientProtocol protocol = ClientProtocol.DEFAULT;

        private Builder() {
        }

        /**
         * Sets the hub, overriding the factory's default hub, and replacing a hub set
         * before.
         * @param hub a hub name: a letter, then up to 127 letters, digits or underscores;
         * {@code null} for the default
         * @return this builder
         */
        public Builder hub(@Nullable String hub) {
            this.hub = (hub != null) ? ClaimValues.requireValidHub(hub) : null;
            return this;
        }

        /**
         * Sets the user id (the {@code sub} claim), replacing one set before.
         * @param userId up to 1024 characters, not blank, no control characters;
         * {@code null} for an anonymous client
         * @return this builder
         */
        public Builder userId(@Nullable String userId) {
            this.userId = (userId != null) ? ClaimValues.requireValidUserId(userId) : null;
            return this;
        }

        /**
         * Adds roles given as strings to those added before; each must be a role the
         * service defines (see {@link WebPubSubRole}). A role added twice is kept once.
         * @param roles the roles
         * @return this builder
         */
        public Builder roles(String... roles) {
            return roles(Arrays.asList(requireArray(roles, "roles")));
        }

        /**
         * Adds roles given as strings to those added before; each must be a role the
         * service defines (see {@link WebPubSubRole}). A role added twice is kept once.
         * @param roles the roles
         * @return this builder
         */
        public Builder roles(Collection<String> roles) {
            List<WebPubSubRole> parsed = new ArrayList<>(requireCollection(roles, "roles").size());
            for (String role : roles) {
                parsed.add(WebPubSubRole.parse(role));
            }
            this.roles.addAll(parsed);
            return this;
        }

        /**
         * Adds roles to those added before. A role added twice is kept once.
         * @param roles the roles
         * @return this builder
         */
        public Builder roles(WebPubSubRole... roles) {
            List<WebPubSubRole> added = Arrays.asList(requireArray(roles, "roles"));
            if (added.contains(null)) {
                throw new InvalidClientAccessRequestException("roles contains null. Leave the null out.");
            }
            this.roles.addAll(added);
            return this;
        }

        /**
         * Adds groups the client joins when it connects to those added before. A group
         * added twice is kept once.
         * @param groups group names: 1 to 1024 characters, not blank, no control
         * characters
         * @return this builder
         */
        public Builder groups(String... groups) {
            return groups(Arrays.asList(requireArray(groups, "groups")));
        }

        /**
         * Adds groups the client joins when it connects to those added before. A group
         * added twice is kept once.
         * @param groups group names: 1 to 1024 characters, not blank, no control
         * characters
         * @return this builder
         */
        public Builder groups(Collection<String> groups) {
            for (String group : requireCollection(groups, "groups")) {
                ClaimValues.requireValidGroup(group);
            }
            this.groups.addAll(groups);
            return this;
        }

        /**
         * Sets the token lifetime, overriding the factory's default, and replacing a
         * lifetime set before. It must not exceed the factory's maximum.
         * @param lifetime a positive duration; {@code null} for the default
         * @return this builder
         */
        public Builder lifetime(@Nullable Duration lifetime) {
            if (lifetime != null && (lifetime.isNegative() || lifetime.isZero())) {
                throw new InvalidClientAccessRequestException("Token lifetime " + lifetime + " is not positive. "
                        + "Ask for a positive lifetime, such as 5 minutes (PT5M), or none for the default.");
            }
            this.lifetime = lifetime;
            return this;
        }

        /**
         * Sets the client protocol, replacing one set before.
         * @param protocol the protocol
         * @return this builder
         */
        public Builder protocol(ClientProtocol protocol) {
            if (protocol == null) {
                throw new InvalidClientAccessRequestException(
                        "Protocol is null. Use ClientProtocol.DEFAULT for WebSocket clients.");
            }
            this.protocol = protocol;
            return this;
        }

        /**
         * Builds the request.
         * @return the request
         */
        public ClientAccessRequest build() {
            return new ClientAccessRequest(this);
        }

        private static <T> T[] requireArray(T[] values, String name) {
            if (values == null) {
                throw new InvalidClientAccessRequestException(name + " is null. Pass no arguments to add nothing.");
            }
            return values;
        }

        private static <T> Collection<T> requireCollection(Collection<T> values, String name) {
            if (values == null) {
                throw new InvalidClientAccessRequestException(
                        name + " is null. Pass an empty collection to add nothing.");
            }
            return values;
        }

    }

}
