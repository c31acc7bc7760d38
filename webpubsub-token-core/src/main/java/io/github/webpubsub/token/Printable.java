package io.github.webpubsub.token;

/**
 * Makes a non-secret value safe to quote in an exception message: short, and with no control characters that could
 * forge log lines.
 */
final class Printable {

    private static final int MAX_QUOTED = 80;

    private Printable() {
    }

    static String quote(String value) {
        StringBuilder quoted = new StringBuilder(Math.min(value.length(), MAX_QUOTED) + 3);
        for (int i = 0; i < value.length() && i < MAX_QUOTED; i++) {
            char c = value.charAt(i);
            quoted.append(Character.isISOControl(c) ? '?' : c);
        }
        if (value.length() > MAX_QUOTED) {
            quoted.append("...");
        }
        return quoted.toString();
    }

}
