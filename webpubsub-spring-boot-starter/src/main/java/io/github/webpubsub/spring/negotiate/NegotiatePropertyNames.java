package io.github.webpubsub.spring.negotiate;

/**
 * The names of the {@code webpubsub.*} properties that this package reads or names in its
 * failure reports, in one place: each constant is the property's name after
 * {@code webpubsub.}, in capitals, with dots and dashes as underscores.
 *
 * <p>
 * Package-private, so that the names do not become API; the few it shares with the
 * auto-configuration package ({@code webpubsub.enabled}, {@code webpubsub.hub},
 * {@code webpubsub.token.*}) are repeated here rather than made public there. The
 * package's metadata test checks every name against the generated configuration metadata,
 * so that no copy can drift.
 */
final class NegotiatePropertyNames {

    static final String ENABLED = "webpubsub.enabled";

    static final String HUB = "webpubsub.hub";

    static final String TOKEN_LIFETIME = "webpubsub.token.lifetime";

    static final String TOKEN_MAX_LIFETIME = "webpubsub.token.max-lifetime";

    static final String NEGOTIATE_AUTHORITY_ROLES = "webpubsub.negotiate.authority-roles";

    static final String NEGOTIATE_AUTHORITY_GROUPS = "webpubsub.negotiate.authority-groups";

    private NegotiatePropertyNames() {
    }

}
