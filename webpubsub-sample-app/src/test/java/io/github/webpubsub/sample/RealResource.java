package io.github.webpubsub.sample;

/**
 * The sample configured for a real Web PubSub resource, as a deployment configures it:
 * the resource's connection string and the users who may sign in, here one administrator,
 * carol. The test classes that use these properties, all of them and nothing else, share
 * one application context.
 */
public final class RealResource {

    public static final String CONNECTION_STRING = "Endpoint=https://example.webpubsub.azure.com;"
            + "AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr;Version=1.0;";

    public static final String CONNECTION_STRING_PROPERTY = "webpubsub.connection-string=" + CONNECTION_STRING;

    /**
     * carol's password, of which the configured hash was made with the command
     * docs/sample.md gives.
     */
    public static final String CAROL_PASSWORD = "carol-s3cret";

    /**
     * {@code htpasswd -bnBC 4 "" carol-s3cret | tr -d ':\n'} (cost 4, so that tests sign
     * in fast).
     */
    public static final String CAROL_PASSWORD_PROPERTY = "sample.users.carol.password="
            + "{bcrypt}$2y$04$8dXGXiivjVfHTYSHyXS5IOB/.Rxyh51Jmy.178PHvs2yKEzlvE3ra";

    public static final String CAROL_ROLES_PROPERTY = "sample.users.carol.roles=ADMIN";

    private RealResource() {
    }

}
