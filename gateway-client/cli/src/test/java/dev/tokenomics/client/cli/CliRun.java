package dev.tokenomics.client.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One run of the CLI inside the test's JVM, as the jar runs it: the exit code, what it printed on
 * stdout (results and help go to System.out, as in the jar) and on picocli's error writer (with
 * {@link #withStderr}, after what it printed on System.err).
 */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        return run(false, args);
    }

    /** As {@link #of}, with what the command printed on System.err (invoke's status line, logs) before picocli's errors. */
    static CliRun withStderr(String... args) {
        return run(true, args);
    }

    private static CliRun run(boolean captureStderr, String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        if (captureStderr) {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        }
        int exit;
        try {
            CommandLine cli = TokenomicsCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            exit = cli.execute(args);
        } finally {
            System.out.flush();
            System.setOut(original);
            System.setErr(originalErr);
        }
        return new CliRun(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8) + err);
    }
}
