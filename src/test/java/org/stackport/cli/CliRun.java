package org.stackport.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.function.Consumer;

/** One run of the real command line with a scripted standard input, its standard output and error captured. */
record CliRun(int exit, String out, String err) {

    static final Consumer<String[]> NO_SERVER = args -> {
        throw new AssertionError("the server must not start");
    };

    static CliRun of(String input, String... args) {
        return of(NO_SERVER, input, args);
    }

    static CliRun of(Consumer<String[]> serverStarter, String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = StackportCommand.run(args, serverStarter, new BufferedReader(new StringReader(input)),
                new PrintWriter(out, true), new PrintWriter(err, true), null);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** Both streams, for asserting that nothing anywhere looks like a stack trace. */
    String all() {
        return out + err;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out:\n" + out + "\n--- err:\n" + err;
    }
}
