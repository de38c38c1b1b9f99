package org.stackport.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Asks questions on standard output and reads the answers from standard input. A bad answer is explained and the
 * question asked again; the end of input is a {@link CommandFailure} (exit {@link ExitCode#LOCAL}), never an endless
 * loop, since a script that runs out of answers will not type more.
 */
final class Prompter {

    private final BufferedReader in;
    private final PrintWriter out;
    /** The terminal, for passwords without echo; null when input is piped. */
    private final Console console;

    Prompter(BufferedReader in, PrintWriter out, Console console) {
        this.in = in;
        this.out = out;
        this.console = console;
    }

    /** A line of text; an empty answer takes the default shown in brackets, and with no default asks again. */
    String text(String question, String defaultValue) {
        return ask(question, defaultValue, answer -> answer);
    }

    /** y/yes or n/no, in any case. */
    boolean yesNo(String question, boolean defaultValue) {
        return ask(question + " (y/n)", defaultValue ? "y" : "n", answer -> switch (answer.toLowerCase(Locale.ROOT)) {
            case "y", "yes" -> true;
            case "n", "no" -> false;
            default -> throw new BadAnswer("please answer y or n");
        });
    }

    /** One of the given words, in any case. */
    String choice(String question, List<String> choices, String defaultValue) {
        String all = String.join(" or ", choices);
        return ask(question + " (" + String.join("/", choices) + ")", defaultValue, answer -> choices.stream()
                .filter(c -> c.equalsIgnoreCase(answer)).findFirst()
                .orElseThrow(() -> new BadAnswer("please answer " + all)));
    }

    /** One of the given whole numbers. */
    int number(String question, List<Integer> allowed, int defaultValue) {
        String all = String.join(" or ", allowed.stream().map(String::valueOf).toList());
        return ask(question + " (" + all + ")", String.valueOf(defaultValue), answer -> {
            int n;
            try {
                n = Integer.parseInt(answer);
            } catch (NumberFormatException e) {
                throw new BadAnswer("'" + answer + "' is not a number; please answer " + all);
            }
            if (!allowed.contains(n)) {
                throw new BadAnswer("please answer " + all);
            }
            return n;
        });
    }

    /**
     * An answer checked by {@code parse}, which throws {@link BadAnswer} to have the question asked again; an empty
     * answer takes {@code defaultValue} (null: an answer is required, the empty string: empty is fine).
     */
    <T> T ask(String question, String defaultValue, Function<String, T> parse) {
        while (true) {
            out.print(question + (defaultValue == null || defaultValue.isEmpty() ? "" : " [" + defaultValue + "]") + ": ");
            out.flush();
            String line = readLine(question);
            String answer = line.strip().isEmpty() && defaultValue != null ? defaultValue : line.strip();
            if (answer.isEmpty() && defaultValue == null) {
                out.println("  an answer is required");
                continue;
            }
            try {
                return parse.apply(answer);
            } catch (BadAnswer bad) {
                out.println("  " + bad.getMessage());
            }
        }
    }

    /** A password: not echoed on a terminal; read as a line when input is piped. Required. */
    String secret(String question) {
        if (console == null) {
            return text(question, null);
        }
        while (true) {
            out.flush();
            char[] p = console.readPassword("%s: ", question);
            if (p == null) {
                throw inputEnded(question);
            }
            if (p.length > 0) {
                return new String(p);
            }
            out.println("  an answer is required");
        }
    }

    private String readLine(String question) {
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.LOCAL, "Standard input cannot be read (" + CommandFailure.reason(e)
                    + "); nothing was registered.");
        }
        if (line == null) {
            out.println();
            throw inputEnded(question);
        }
        return line;
    }

    private static CommandFailure inputEnded(String question) {
        return new CommandFailure(ExitCode.LOCAL, "Input ended before an answer to '" + question + "'; nothing was registered.");
    }

    /** A rejected answer; its message tells the user what to type instead. */
    static final class BadAnswer extends RuntimeException {
        BadAnswer(String message) {
            super(message, null, false, false);
        }
    }
}
