package io.github.webpubsub.token;

/**
 * Makes a non-secret value safe to quote in an exception message: short, and with no
 * control characters that could forge log lines.
 */
final class Printable {

    private static final int MAX_QUOTED = 80;

    private Printable() {
    }

    static String quote(String value) {
        return quote(value, MAX_QUOTED);
    }

    static String quote(String value, int maxQuoted) {
        StringBuilder quoted = new StringBuilder(Math.min(value.length(), maxQuoted) + 3);
        for (int i = 0; i < value.length() && i < maxQuoted; i++) {
            char c = value.charAt(i);
            quoted.append(Character.isISOControl(c) ? '?' : c);
        }
        if (value.length() > maxQuoted) {
            quoted.append("...");
        }
        return quoted.toString();
    }

}
