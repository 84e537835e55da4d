package dev.tokenomics.client.cli;

import dev.tokenomics.client.config.ConfigException;
import dev.tokenomics.client.contract.ChaincodeFailedException;
import dev.tokenomics.client.contract.ChaincodeRejectedException;
import dev.tokenomics.client.contract.CommitFailedException;
import dev.tokenomics.client.contract.LedgerUnavailableException;
import dev.tokenomics.client.db.DatabaseUnavailableException;
import dev.tokenomics.client.outbox.DatabaseOutages;
import dev.tokenomics.client.outbox.InvalidCommandException;
import dev.tokenomics.client.projector.LedgerMismatchException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code java -jar tokenomics-client.jar <command>}. The exit codes are the constants below; what
 * each means is in every command's --help ({@link ExitCodes}).
 */
@Command(name = "tokenomics", mixinStandardHelpOptions = true, version = "tokenomics-client 0.1.0",
        description = "Client of the tokenomics ledger: outbox submitter, block projector, read model, reconcile.",
        subcommands = {
                MigrateCommand.class, InvokeCommand.class, QueryCommand.class, GenesisCommand.class, EnqueueCommand.class,
                LoadCommand.class, StatusCommand.class, SubmitterCommand.class, ProjectorCommand.class, SummaryCommand.class,
                ReconcileCommand.class, DatabaseCommand.class, ClientIdCommand.class, ChainInfoCommand.class, TxStatusCommand.class,
                ServeCommand.class, ApiKeyCommand.class,
                CommandLine.HelpCommand.class})
public final class TokenomicsCli implements Runnable {
    public static final int REJECTED = 1;
    public static final int BAD_INPUT = 2;
    public static final int UNREACHABLE = 3;
    public static final int LEDGER_MISMATCH = 4;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TokenomicsCli());
        ExitCodes.document(cli);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + message(e));
            return exitCode(e);
        });
        cli.setParameterExceptionHandler(TokenomicsCli::usageError);
        return cli;
    }

    /**
     * Picocli's own handler colours the message and the usage it prints on stderr whenever its ANSI
     * heuristic (Help.Ansi.AUTO) finds a console, and that heuristic looks at stdin and stdout only:
     * with stdout on a terminal and stderr in a log or a script's pipe, the escape codes landed in the
     * log. So nothing on stderr is coloured (errors read the same wherever they go); help on stdout
     * keeps the heuristic.
     */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage());
        if (!UnmatchedArgumentException.printSuggestions(e, err)) {
            command.usage(err, Help.Ansi.OFF);
        }
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        requireSubcommand(spec);
    }

    /** A command that only groups subcommands, run alone, has nothing to do: a usage error (exit 2), not a failure. */
    static void requireSubcommand(CommandSpec spec) {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    static int exitCode(Throwable e) {
        if (e instanceof LedgerMismatchException) {
            return LEDGER_MISMATCH;
        }
        if (e instanceof ConfigException || e instanceof InvalidCommandException || e instanceof IllegalArgumentException) {
            return BAD_INPUT;
        }
        if (e instanceof DatabaseUnavailableException || e instanceof LedgerUnavailableException || isDatabaseDown(e)) {
            return UNREACHABLE;
        }
        if (e instanceof ChaincodeRejectedException || e instanceof ChaincodeFailedException || e instanceof CommitFailedException) {
            return REJECTED;
        }
        return e.getCause() != null && e.getCause() != e ? exitCode(e.getCause()) : REJECTED;
    }

    /** An outage (DatabaseOutages), or a pool that could not open its first connection. */
    private static boolean isDatabaseDown(Throwable e) {
        if (DatabaseOutages.isOutage(e)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals("com.zaxxer.hikari.pool.HikariPool$PoolInitializationException")) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable e) {
        // A LedgerUnavailableException's message says what the gateway answered (GatewayErrors).
        String message = e.getMessage();
        return message == null ? e.toString() : message;
    }
}
