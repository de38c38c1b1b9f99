package org.stackport.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A failure the user can act on: the top-level handler prints its message — one plain sentence — on standard
 * error and exits with its code, never a stack trace.
 */
final class CommandFailure extends RuntimeException {

    /** {@code java.nio.file.NoSuchFileException: }, {@code IOException: } and the like: noise to a user. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");

    final ExitCode exitCode;

    CommandFailure(ExitCode exitCode, String sentence) {
        // no stack trace: it is never printed, and the sentence says all the user needs
        super(sentence, null, false, false);
        this.exitCode = exitCode;
    }

    /** Why a file could not be read or written, in words: the JDK's messages are often just the path. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof CharacterCodingException) {
            return "it is not UTF-8 text";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(Locale.ROOT);
        }
        String text = plain(e.getMessage());
        // the JDK's messages start in capitals ("Address already in use"); here they go inside a sentence
        return text.isBlank() ? "it cannot be read or written" : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /** A message with any exception class names taken out, on one line. */
    static String plain(String message) {
        return message == null ? "" : CLASS_NAME.matcher(message).replaceAll("").replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
