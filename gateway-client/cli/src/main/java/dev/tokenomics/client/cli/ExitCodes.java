package dev.tokenomics.client.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The exit codes as every command's --help lists them. Codes 0, 2 and 3 mean the same for every
 * command and are written here once; what 1 and 4 mean depends on the command, so a command that
 * can end with them says so in its own {@code exitCodeList} ("1:..." or "4:..."), and the top
 * level lists the general meaning of all five.
 */
final class ExitCodes {
    private static final String OK = "ok";
    private static final String BAD_INPUT = "bad flags, configuration or input";
    private static final String UNREACHABLE = "the database or Fabric is unreachable";
    private static final String REJECTED = "the answer is no: a rejected or invalid transaction, a reconcile mismatch, "
            + "a genesis that differs, no such command (each command's --help says which)";
    private static final String LEDGER_MISMATCH = "the ledger is not the chain the read model follows (projector, submitter)";

    private ExitCodes() {
    }

    /** A command that reads local files only (client-id): its help lists no "unreachable". */
    interface Offline {
    }

    /** Puts the exit codes into the help of {@code root} and of every command under it. */
    static void document(CommandLine root) {
        Map<String, String> general = new LinkedHashMap<>();
        general.put(String.valueOf(TokenomicsCli.REJECTED), REJECTED);
        general.put(String.valueOf(TokenomicsCli.LEDGER_MISMATCH), LEDGER_MISMATCH);
        list(root.getCommandSpec().usageMessage(), general, true);
        root.getSubcommands().values().forEach(ExitCodes::documentCommand);
    }

    private static void documentCommand(CommandLine command) {
        if (command.getCommand() instanceof CommandLine.HelpCommand) {
            return;
        }
        UsageMessageSpec usage = command.getCommandSpec().usageMessage();
        // A command that only groups subcommands (database) reaches nothing: it ends with help or a usage error.
        list(usage, usage.exitCodeList(), command.getSubcommands().isEmpty() && !(command.getCommand() instanceof Offline));
        command.getSubcommands().values().forEach(ExitCodes::documentCommand);
    }

    /** 0, the command's own 1, 2, 3 if it reaches the database or Fabric, the command's own 4. */
    private static void list(UsageMessageSpec usage, Map<String, String> own, boolean reaches) {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", OK);
        put(codes, own, TokenomicsCli.REJECTED);
        codes.put(String.valueOf(TokenomicsCli.BAD_INPUT), BAD_INPUT);
        if (reaches) {
            codes.put(String.valueOf(TokenomicsCli.UNREACHABLE), UNREACHABLE);
        }
        put(codes, own, TokenomicsCli.LEDGER_MISMATCH);
        usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        if (usage.footer().length > 0) {
            usage.footerHeading("%n");
        }
    }

    private static void put(Map<String, String> codes, Map<String, String> own, int code) {
        String meaning = own.get(String.valueOf(code));
        if (meaning != null) {
            codes.put(String.valueOf(code), meaning);
        }
    }
}
