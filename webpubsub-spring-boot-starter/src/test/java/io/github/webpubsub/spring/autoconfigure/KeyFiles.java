package io.github.webpubsub.spring.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes access key files the way secret stores do: a new file moved over the old one in
 * one step, so that a reader sees either the old key or the new one, never a partly
 * written file. And finds the key-rotation thread.
 */
final class KeyFiles {

    private KeyFiles() {
    }

    /**
     * Replaces a file's content atomically.
     */
    static Path write(Path file, String content) {
        try {
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".key", ".tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            return Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Returns the live threads that check the access key.
     */
    static Set<Thread> keyRotationThreads() {
        return Thread.getAllStackTraces()
            .keySet()
            .stream()
            .filter((thread) -> thread.getName().equals(AccessKeyRefresher.THREAD_NAME) && thread.isAlive())
            .collect(Collectors.toSet());
    }

    /**
     * Counts the lines of a log output that contain a text.
     */
    static long linesContaining(String output, String text) {
        return List.of(output.split("\\R")).stream().filter((line) -> line.contains(text)).count();
    }

}
