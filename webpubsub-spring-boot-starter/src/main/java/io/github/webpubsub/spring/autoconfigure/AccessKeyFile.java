package io.github.webpubsub.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A file that holds the access key, named by {@code webpubsub.access-key-file}: a
 * Kubernetes secret mounted as a volume, an App Service or Docker secret, a file a vault
 * agent renders. Each {@link #read()} reads it afresh, so that a rotated secret is seen
 * without a restart.
 *
 * <p>
 * The content is UTF-8 text; one trailing newline ({@code \n} or {@code \r\n}), which
 * editors and {@code echo} add, is ignored, as Spring Boot's config trees ignore it.
 * Anything else, such as surrounding spaces, is kept, and the key's own check refuses it.
 * Messages name the property, never the path (a key pasted into the property by mistake
 * would be printed) and never the content.
 */
final class AccessKeyFile {

    /**
     * Far more than a 44-character key with a newline; a larger file is not a key file.
     */
    static final int MAX_BYTES = 1024;

    private final Path path;

    private final String property;

    private AccessKeyFile(Path path, String property) {
        this.path = path;
        this.property = property;
    }

    /**
     * Creates the file's reader.
     * @param location the property's value
     * @param property the property's name, for messages
     * @return the reader
     * @throws WebPubSubConfigurationException if the value is not a path
     */
    static AccessKeyFile of(String location, String property) {
        try {
            return new AccessKeyFile(Path.of(location.strip()), property);
        }
        catch (InvalidPathException ex) {
            // The exception's message quotes the value, so only the position is passed
            // on.
            throw new WebPubSubConfigurationException(property,
                    "'" + property + "' is not a valid file path (error at index " + ex.getIndex() + ").",
                    fix(property));
        }
    }

    /**
     * Reads the key.
     * @return the file's content without one trailing newline
     * @throws WebPubSubConfigurationException if the file cannot be read, is too large or
     * is not UTF-8 text
     */
    String read() {
        byte[] content;
        try (InputStream in = Files.newInputStream(this.path)) {
            content = in.readNBytes(MAX_BYTES + 1);
        }
        catch (NoSuchFileException ex) {
            throw failure("'" + this.property + "' names a file that does not exist (relative paths are resolved "
                    + "against the working directory).");
        }
        catch (IOException | SecurityException ex) {
            // An IOException's message usually quotes the path.
            throw failure("The file that '" + this.property + "' names cannot be read (" + ex.getClass().getSimpleName()
                    + ").");
        }
        try {
            if (content.length > MAX_BYTES) {
                throw failure("The file that '" + this.property + "' names is larger than " + MAX_BYTES + " bytes, "
                        + "so it is not a file holding one access key.");
            }
            return withoutTrailingNewLine(utf8(content));
        }
        finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private String utf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(content))
                .toString();
        }
        catch (CharacterCodingException ex) {
            throw failure("The file that '" + this.property + "' names is not UTF-8 text.");
        }
    }

    private static String withoutTrailingNewLine(String content) {
        if (content.endsWith("\r\n")) {
            return content.substring(0, content.length() - 2);
        }
        if (content.endsWith("\n")) {
            return content.substring(0, content.length() - 1);
        }
        return content;
    }

    private WebPubSubConfigurationException failure(String description) {
        return new WebPubSubConfigurationException(this.property, description, fix(this.property));
    }

    private static String fix(String property) {
        return "Set '" + property + "' to the path of a readable file that holds one of the resource's access keys "
                + "(44 characters), such as a Kubernetes secret mounted as a volume.";
    }

    @Override
    public String toString() {
        return "AccessKeyFile[" + this.property + "]";
    }

}
