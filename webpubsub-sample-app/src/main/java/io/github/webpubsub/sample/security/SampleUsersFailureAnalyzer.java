package io.github.webpubsub.sample.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link SampleUsersException} as Spring Boot's startup failure report: what is
 * wrong with the users, and how to configure them.
 */
class SampleUsersFailureAnalyzer extends AbstractFailureAnalyzer<SampleUsersException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SampleUsersException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }

}
