package io.github.webpubsub.sample.security;

/**
 * The sample cannot start with the users it has: none against a real resource, or users
 * who accept a demo password there. {@link SampleUsersFailureAnalyzer} turns it into
 * Spring Boot's startup failure report. Messages name properties, never a password or its
 * hash.
 */
final class SampleUsersException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * How to make a bcrypt hash, in Spring Security's storage format, for the reports.
     */
    static final String HOW_TO_HASH = "Make the hash with htpasswd (Debian's apache2-utils, httpd-tools elsewhere):"
            + "%n%n    htpasswd -bnBC 10 \"\" '<password>' | tr -d ':\\n'%n%n"
            + "and write it after {bcrypt}, quoted in YAML: password: \"{bcrypt}$2y$10$...\".";

    private final String action;

    SampleUsersException(String description, String action) {
        super(description);
        this.action = action;
    }

    /**
     * Returns what to do about it.
     */
    String getAction() {
        return this.action;
    }

}
