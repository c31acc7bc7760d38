package io.github.webpubsub.spring.negotiate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Whole applications, started as users start them: the auto-configuration is found
 * through the imports file, and a mistake prints Boot's failure report with the property
 * and where it is set.
 */
@ExtendWith(OutputCaptureExtension.class)
class NegotiateApplicationTests {

    @Test
    void autoConfigurationIsRegisteredInTheImportsFile() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
            .contains(WebPubSubNegotiateAutoConfiguration.class.getName());
    }

    @Test
    void invalidAuthorityTablePrintsAFailureReportWithTheOrigin(CapturedOutput output) {
        SpringApplication application = new SpringApplication(NegotiateTestApplication.class);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        assertThatException()
            .isThrownBy(() -> application.run("--spring.config.name=negotiate-misconfigured", "--server.port=0"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("A Web PubSub negotiate endpoint cannot work. "
                    + "'webpubsub.negotiate.authority-roles[ROLE_USER][1]' is invalid.")
            .contains("'webpubsub.sendtogroup.news' is not a Web PubSub role")
            .contains("Origin: class path resource [negotiate-misconfigured.yml] - 7:")
            .contains("Map each authority to roles the service defines");
    }

}
