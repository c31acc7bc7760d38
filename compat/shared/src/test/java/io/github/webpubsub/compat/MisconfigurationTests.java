package io.github.webpubsub.compat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A misconfigured application does not start: Spring Boot's failure report names the
 * property, where it was set and the fix, and never the secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class MisconfigurationTests {

    /** A key cut short by a bad copy. */
    private static final String TRUNCATED_KEY = ClientTokens.ACCESS_KEY.substring(0, 20);

    @Test
    void truncatedAccessKeyStopsStartupWithAReportThatNamesThePropertyButNotTheKey(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("--webpubsub.connection-string=",
                "--webpubsub.endpoint=" + ClientTokens.ENDPOINT, "--webpubsub.access-key=" + TRUNCATED_KEY));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("'webpubsub.access-key' is invalid. Access key is 20 bytes long; HS256 needs at least 32.")
            .contains("Property: webpubsub.access-key")
            .contains("Origin: \"webpubsub.access-key\" from property source \"commandLineArgs\"")
            .contains("Copy a full access key (44 characters) from the Keys page of the Web PubSub resource into "
                    + "'webpubsub.access-key'.")
            .doesNotContain(TRUNCATED_KEY);
    }

    @Test
    void connectionStringAndEndpointTogetherStopStartup(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("--webpubsub.endpoint=" + ClientTokens.ENDPOINT));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("Both 'webpubsub.connection-string' and 'webpubsub.endpoint' are set, so it is unclear which "
                    + "resource to use.")
            .contains("Keep either 'webpubsub.connection-string', or 'webpubsub.endpoint' with "
                    + "'webpubsub.access-key', and remove the other.")
            .doesNotContain(ClientTokens.ACCESS_KEY);
    }

    @Test
    void misspelledRoleInTheAuthorityTableStopsStartup(CapturedOutput output) {
        assertThatException()
            .isThrownBy(() -> run("--webpubsub.negotiate.authority-roles.ROLE_ADMIN=webpubsub.sendtogroup"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("A Web PubSub negotiate endpoint cannot work. "
                    + "'webpubsub.negotiate.authority-roles[ROLE_ADMIN][0]' is invalid. 'webpubsub.sendtogroup' is not "
                    + "a Web PubSub role; the service would ignore it and the client would get no permission.")
            .contains("Map each authority to roles the service defines");
    }

    private static void run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--server.port=0";
        System.arraycopy(args, 0, all, 1, args.length);
        SpringApplication.run(CompatApplication.class, all).close();
    }

}
