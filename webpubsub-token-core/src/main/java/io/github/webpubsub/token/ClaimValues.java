package io.github.webpubsub.token;

/**
 * The rules for the user-supplied strings that end up in a token: user ids, group names
 * and hub names. Messages name the value's role and position rather than echoing the
 * value, which may be personal data.
 */
final class ClaimValues {

    /** Longest user id and group name the service accepts. */
    static final int MAX_LENGTH = 1024;

    private static final int MAX_HUB_LENGTH = 128;

    private ClaimValues() {
    }

    static String requireValidUserId(String userId) {
        return requireValidText(userId, "userId",
                "Use a stable identifier of the user: 1 to 1024 printable characters, for example 'alice'");
    }

    static String requireValidGroup(String group) {
        return requireValidText(group, "Group name", "Use 1 to 1024 printable characters, for example 'lobby'");
    }

    static String requireValidGroupPattern(String pattern) {
        return requireValidText(pattern, "Group pattern", "Use 1 to 1024 printable characters");
    }

    /**
     * Hub names follow the documented rule {@code ^[A-Za-z][A-Za-z0-9_]{0,127}$}, which
     * also keeps them safe to place unencoded in a URL path.
     */
    static String requireValidHub(String hub) {
        if (hub == null) {
            throw new InvalidClientAccessRequestException(
                    "Hub name is missing. Give the hub the clients connect to, for example 'chat'.");
        }
        String fix = "A hub name starts with a letter and has 1 to 128 ASCII letters, digits or underscores, for "
                + "example 'chat'.";
        if (hub.isEmpty() || hub.length() > MAX_HUB_LENGTH) {
            throw new InvalidClientAccessRequestException("Hub name has " + hub.length() + " characters. " + fix);
        }
        for (int i = 0; i < hub.length(); i++) {
            char c = hub.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            boolean allowed = letter || (i > 0 && ((c >= '0' && c <= '9') || c == '_'));
            if (!allowed) {
                throw new InvalidClientAccessRequestException(
                        "Hub name '" + Printable.quote(hub) + "' has an invalid character at index " + i + ". " + fix);
            }
        }
        return hub;
    }

    private static String requireValidText(String value, String what, String fix) {
        if (value == null) {
            throw new InvalidClientAccessRequestException(what + " is null. " + fix + ".");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidClientAccessRequestException(what + " has " + value.length() + " characters; at most "
                    + MAX_LENGTH + " are allowed. " + fix + ".");
        }
        if (value.isBlank()) {
            throw new InvalidClientAccessRequestException(what + " is blank. " + fix + ".");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int codePoint = value.codePointAt(i);
            if (isInvisible(codePoint)) {
                throw new InvalidClientAccessRequestException(what + " has an invisible or reordering character ("
                        + String.format("U+%04X", codePoint) + ") at index " + i
                        + ", which would make it display as something it is not. " + fix + ".");
            }
            if (Character.isISOControl(c)) {
                throw new InvalidClientAccessRequestException(
                        what + " has a control character at index " + i + ". " + fix + ".");
            }
            if (Character.isSurrogate(c)) {
                boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!pairedHigh) {
                    // An unpaired surrogate cannot be written as UTF-8: the signed claim
                    // would differ from the input.
                    throw new InvalidClientAccessRequestException(
                            what + " has an unpaired UTF-16 surrogate at index " + i + ". " + fix + ".");
                }
                i++;
            }
        }
        return value;
    }

    /**
     * Tells whether a character changes how its neighbours display without showing
     * itself: Unicode format characters (category Cf, such as U+202E RIGHT-TO-LEFT
     * OVERRIDE or U+200B ZERO WIDTH SPACE), line and paragraph separators, and the
     * default-ignorable fillers that are letters in name only. A user id holding one
     * could pass for another in every client that shows {@code fromUserId}.
     */
    private static boolean isInvisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> codePoint == 0x034F || codePoint == 0x115F || codePoint == 0x1160 || codePoint == 0x3164
                    || codePoint == 0xFFA0;
        };
    }

}
