package dev.tokenomics.client.cli;

import dev.tokenomics.client.config.ConfigException;
import dev.tokenomics.client.contract.ChaincodeFailedException;
import dev.tokenomics.client.contract.ChaincodeRejectedException;
import dev.tokenomics.client.contract.CommitFailedException;
import dev.tokenomics.client.contract.LedgerUnavailableException;
import dev.tokenomics.client.db.DatabaseUnavailableException;
import dev.tokenomics.client.outbox.InvalidCommandException;
import dev.tokenomics.client.projector.LedgerMismatchException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar tokenomics-client.jar <command>}. Exit codes: 0 success; 1 reconcile mismatch or
 * a transaction that was rejected/invalid; 2 bad flags, config or input; 3 database or Fabric unreachable;
 * 4 the ledger is not the chain the read model follows (see {@link LedgerMismatchException}).
 */
@Command(name = "tokenomics", mixinStandardHelpOptions = true, version = "tokenomics-client 0.1.0",
        description = "Client of the tokenomics ledger: outbox submitter, block projector, read model, reconcile.",
        footer = "Exit codes: 0 ok; 1 rejected/invalid transaction or reconcile mismatch; 2 bad flags, config or input; "
                + "3 database or Fabric unreachable; 4 the ledger is not the chain the read model follows (projector, submitter).",
        subcommands = {
                MigrateCommand.class, InvokeCommand.class, QueryCommand.class, GenesisCommand.class, EnqueueCommand.class,
                LoadCommand.class, StatusCommand.class, SubmitterCommand.class, ProjectorCommand.class, SummaryCommand.class,
                ReconcileCommand.class, DatabaseCommand.class,
                CommandLine.HelpCommand.class})
public final class TokenomicsCli {
    public static final int REJECTED = 1;
    public static final int BAD_INPUT = 2;
    public static final int UNREACHABLE = 3;
    public static final int LEDGER_MISMATCH = 4;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TokenomicsCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int code = exitCode(e);
            commandLine.getErr().println(commandLine.getColorScheme().errorText("error: " + message(e)));
            return code;
        });
        return cli;
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

    private static boolean isDatabaseDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
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
