package io.github.webpubsub.token.support;

/**
 * Writes JSON strings by the one rule this project's tokens and answers share: RFC 8259
 * strings in which quotes, backslashes, every C0 control character and DEL
 * ({@code U+007F}) are escaped, and so are the line and paragraph separators
 * {@code U+2028} and {@code U+2029}, which end a line in JavaScript, so that the JSON
 * stays the same value when a page embeds it in a script. Everything else, non-ASCII text
 * included, is written as it is.
 *
 * <p>
 * For code that writes a small JSON document of fixed keys by hand, such as a negotiate
 * endpoint outside Spring:
 *
 * <pre>{@code
 * StringBuilder json = new StringBuilder("{\"url\":");
 * JsonStrings.appendQuoted(json, access.urlText());
 * json.append('}');
 * }</pre>
 */
public final class JsonStrings {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonStrings() {
    }

    /**
     * Appends a value as a JSON string, in quotes. Runs of characters that need no
     * escape, usually the whole value, are appended in one call.
     * @param json where to append
     * @param value the value
     * @return {@code json}
     */
    public static StringBuilder appendQuoted(StringBuilder json, String value) {
        json.append('"');
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                json.append(value, run, i);
                run = i + 1;
                if (c == '"' || c == '\\') {
                    json.append('\\').append(c);
                }
                else {
                    json.append("\\u")
                        .append(HEX[(c >> 12) & 0xf])
                        .append(HEX[(c >> 8) & 0xf])
                        .append(HEX[(c >> 4) & 0xf])
                        .append(HEX[c & 0xf]);
                }
            }
        }
        return json.append(value, run, value.length()).append('"');
    }

    /**
     * Returns a value as a JSON string, in quotes.
     * @param value the value
     * @return for example {@code "a\"b"} for {@code a"b}
     */
    public static String quoted(String value) {
        return appendQuoted(new StringBuilder(value.length() + 2), value).toString();
    }

}
