package org.stackport.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line's exit codes, in one place: the handlers in {@link StackportCommand} return them and the top
 * command's {@code --help} lists them, so scripts and the README can rely on the numbers.
 */
enum ExitCode {
    OK(0, "Done."),
    REFUSED(1, "Stackport refused the request (its reasons are printed, one line per field)."),
    USAGE(2, "Invalid command line: an unknown option, or a missing or bad value."),
    LOCAL(3, "Input ended before an answer, or something on this machine cannot be used: a file (pcg.yaml, "
            + "the CLI key, a certificate) that is missing, unreadable or cannot be decrypted, or a port already in use."),
    UNREACHABLE(4, "Stackport cannot be reached at --server (not running, wrong address, timed out, "
            + "or the answer is not Stackport's)."),
    UNEXPECTED(5, "An unexpected error in the command line itself (please report it).");

    final int code;
    final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** For picocli's {@code exitCodeList}: the code, right-aligned, and what it means. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        Arrays.stream(values()).forEach(c -> list.put("%3d".formatted(c.code), c.meaning));
        return list;
    }
}
