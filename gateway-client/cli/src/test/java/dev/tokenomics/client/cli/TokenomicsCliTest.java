package dev.tokenomics.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenomics.client.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI's contract without a Fabric network: help, exit codes, errors, and the outbox commands on PostgreSQL. */
class TokenomicsCliTest {
    private static TestDatabase db;
    private static String url;
    private static String schema;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(2);
        url = db.baseUrl();
        schema = db.schema();
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Nested
    class Help {
        @Test
        void everyCommandHasHelp() {
            for (String command : new String[] {"migrate", "invoke", "query", "genesis", "enqueue", "load", "status", "submitter",
                    "projector", "summary", "reconcile", "database"}) {
                CliRun help = run(command, "--help");
                assertThat(help.exit()).as(command).isZero();
                assertThat(help.out()).as(command).contains("Usage:");
            }
        }

        @Test
        void everyCommandsHelpListsTheExitCodesThatApplyWithOneMeaningEach() {
            String top = run("--help").out();
            assertThat(top).contains("Exit codes:");
            for (int code = 0; code <= 4; code++) {
                assertThat(exitCodeLine(top, code)).as("top level, code " + code).isNotNull();
            }
            for (String command : new String[] {"migrate", "invoke", "query", "genesis", "enqueue", "load", "status", "submitter",
                    "projector", "summary", "reconcile", "database serve"}) {
                String help = run((command + " --help").split(" ")).out();
                assertThat(help).as(command).contains("Exit codes:");
                for (int code : new int[] {0, TokenomicsCli.BAD_INPUT, TokenomicsCli.UNREACHABLE}) {
                    assertThat(exitCodeLine(help, code)).as(command + ", code " + code).isEqualTo(exitCodeLine(top, code));
                }
                boolean followsTheLedger = command.equals("projector") || command.equals("submitter");
                assertThat(exitCodeLine(help, TokenomicsCli.LEDGER_MISMATCH) != null).as(command + ", code 4").isEqualTo(followsTheLedger);
            }
            for (String command : new String[] {"invoke", "query", "genesis", "status", "reconcile"}) {
                assertThat(exitCodeLine(run(command, "--help").out(), TokenomicsCli.REJECTED)).as(command + ", code 1")
                        .isNotNull().isNotEqualTo(exitCodeLine(top, TokenomicsCli.REJECTED));
            }
        }

        @Test
        void noCommandIsAUsageError() {
            CliRun run = run();
            assertThat(run.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(run.err()).contains("Missing required subcommand");
        }

        @Test
        void queryOffersOnlyQueriesAndNoCommitTimeoutAndInvokeOnlyLedgerChanges() {
            String query = run("query", "--help").out();
            assertThat(query).doesNotContain("--commit-timeout");
            ChaincodeTransactions.QUERIES.forEach(name -> assertThat(query).contains(name));
            ChaincodeTransactions.SUBMITS.forEach(name -> assertThat(query).doesNotContain(name));

            String invoke = run("invoke", "--help").out();
            assertThat(invoke).contains("--commit-timeout");
            ChaincodeTransactions.SUBMITS.forEach(name -> assertThat(invoke).contains(name));
            ChaincodeTransactions.QUERIES.forEach(name -> assertThat(invoke).doesNotContain(name));
        }

        @Test
        void theExamplesUseWalletsThatGenesisCreates() {
            Set<String> genesisWallets = new HashSet<>(List.of(GenesisCommand.RACE_FROM, GenesisCommand.RACE_TO));
            int defaultWallets = Integer.parseInt(TokenomicsCli.commandLine().getSubcommands().get("genesis").getCommandSpec()
                    .findOption("--wallets").defaultValue());
            for (int i = 0; i < defaultWallets; i++) {
                genesisWallets.add(GenesisCommand.walletId("w", i));
            }
            for (String command : TokenomicsCli.commandLine().getSubcommands().keySet()) {
                Matcher wallet = Pattern.compile("\\bw\\d+\\b|race-\\w+").matcher(run(command, "--help").out());
                while (wallet.find()) {
                    assertThat(genesisWallets).as(command + " --help").contains(wallet.group());
                }
            }
        }

        /** The line of the help's exit code list for {@code code}, or null. */
        private String exitCodeLine(String help, int code) {
            String list = help.substring(help.indexOf("Exit codes:"));
            return list.lines().skip(1).takeWhile(line -> !line.isBlank())
                    .filter(line -> line.strip().startsWith(code + " ")).findFirst().map(String::strip).orElse(null);
        }
    }

    @Nested
    class Errors {
        @Test
        void unknownFlagIsAUsageError() {
            CliRun run = run("status", "--nope");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("Unknown option");
        }

        @Test
        void unknownCommandTypeIsBadInputAndStoresNothing() throws Exception {
            CliRun run = run("enqueue", "--db-url", url, "--db-schema", schema, "--tenant", "cli-bad", "--type", "STEAL", "--idempotency-key", "k",
                    "--payload", "{}");
            assertThat(run.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(run.err()).contains("UNKNOWN_COMMAND_TYPE");
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 'cli-bad'")).isZero();
        }

        @Test
        void aWalletIdWithANulIsBadInputInOneLineAndStoresNothing() throws Exception {
            CliRun run = run("enqueue", "--db-url", url, "--db-schema", schema, "--tenant", "cli-nul", "--type", "MINT", "--idempotency-key", "nul-1",
                    "--payload", "{\"walletId\":\"w\\u0000\",\"amount\":5}");
            assertThat(run.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(run.err().lines()).containsExactly("error: INVALID_ARGUMENT: walletId must be 1-128 visible ASCII characters");
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 'cli-nul'")).isZero();
        }

        @Test
        void anAmountTheLedgerWouldRefuseIsBadInputAtEnqueue() throws Exception {
            CliRun run = run("enqueue", "--db-url", url, "--db-schema", schema, "--tenant", "cli-rules", "--type", "TRANSFER", "--idempotency-key", "big-1",
                    "--payload", "{\"fromId\":\"w1\",\"toId\":\"w2\",\"amount\":9223372036854775807}");
            assertThat(run.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(run.err().lines()).containsExactly("error: INVALID_ARGUMENT: amount exceeds the maximum amount 1000000000000000000");
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 'cli-rules'")).isZero();
        }

        @Test
        void aTenantWithTheKeySeparatorIsAUsageError() throws Exception {
            CliRun run = run("enqueue", "--db-url", url, "--db-schema", schema, "--tenant", "t1:x", "--type", "MINT", "--idempotency-key", "k2",
                    "--payload", "{\"walletId\":\"w1\",\"amount\":5}");
            assertThat(run.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(run.err()).startsWith("INVALID_ARGUMENT: tenantId must be 1-55 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't1:x'")).isZero();
        }

        @Test
        void aRetryLimitBelowOneIsBadInputBeforeAnythingStarts() {
            CliRun run = run("submitter", "--tenant", "cli-limits", "--max-conflicts", "0");
            assertThat(run.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(run.err()).contains("retry limits must be at least 1").contains("max conflicts 0");
        }

        @Test
        void envelopeSettingsOutOfRangeAreBadInputBeforeAnythingIsOpened() {
            // An unreachable database: reaching it first would be exit 3, not 2.
            String nowhere = "jdbc:postgresql://127.0.0.1:1/postgres?user=postgres&connectTimeout=2";
            CliRun tooMany = run("submitter", "--db-url", nowhere, "--max-per-tx", "1001");
            assertThat(tooMany.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(tooMany.err().lines()).containsExactly("error: commands per transaction must be 1 to 1000");
            CliRun longLinger = run("submitter", "--db-url", nowhere, "--linger", "PT1M");
            assertThat(longLinger.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(longLinger.err().lines()).containsExactly("error: linger must be between 0 and a tenth of the lease");
        }

        @Test
        void unreachableDatabaseIsReportedWithItsOwnExitCode() {
            CliRun run = run("summary", "--db-url", "jdbc:postgresql://127.0.0.1:1/postgres?user=postgres&connectTimeout=2");
            assertThat(run.exit()).isEqualTo(TokenomicsCli.UNREACHABLE);
            assertThat(run.err()).startsWith("error:");
        }

        @Test
        void aDatabaseUrlThatIsNoPostgresqlJdbcUrlIsAConfigurationErrorNotAnOutage() {
            CliRun run = run("summary", "--db-url", "not-a-url");
            assertThat(run.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(run.err().lines()).containsExactly(
                    "error: --db-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/database?user=...), got 'not-a-url'");

            CliRun libpqStyle = run("migrate", "--db-url", "postgres://app:s3cret@db:5432/app");
            assertThat(libpqStyle.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(libpqStyle.err()).contains("got one starting 'postgres:'").doesNotContain("s3cret");
        }

        @Test
        void aTransactionOfTheOtherIntentIsBadInputBeforeAnythingIsSent() {
            CliRun query = run("query", "TransferInternal", "w001", "w002", "5", "TRANSFER", "note", "key-1");
            assertThat(query.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(query.err()).startsWith("TransferInternal changes the ledger: use invoke");

            CliRun invoke = run("invoke", "TokenomicsContract:GetBalance", "w001");
            assertThat(invoke.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(invoke.err()).startsWith("TokenomicsContract:GetBalance is a query: use query");
        }

        @Test
        void errorsOnStderrCarryNoColourEvenWhenHelpOnStdoutWould() {
            // Help.Ansi.AUTO turns colour on when stdin and stdout are a terminal, whatever stderr is.
            for (String[] failing : new String[][] {{"status", "--nope"}, {"summary", "--db-url", "not-a-url"}, {"enqueue"}}) {
                CommandLine cli = TokenomicsCli.commandLine();
                cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.ON));
                StringWriter err = new StringWriter();
                cli.setErr(new PrintWriter(err, true));
                cli.setOut(new PrintWriter(new StringWriter(), true));

                assertThat(cli.execute(failing)).as(String.join(" ", failing)).isEqualTo(TokenomicsCli.BAD_INPUT);
                assertThat(err.toString()).as(String.join(" ", failing)).isNotBlank().doesNotContain("\u001B[");
            }
        }

        @Test
        void missingFabricConfigurationNamesWhatIsMissing() {
            CliRun run = run("query", "--peer-endpoint", "localhost:7051", "--cert-file", "/nonexistent/cert.pem", "--key-file", "/nonexistent/key.pem",
                    "GetTotalSupply");
            assertThat(run.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(run.err()).contains("missing MSP id").contains("certificate /nonexistent/cert.pem is not a readable file");
        }
    }

    @Nested
    class Outbox {
        @Test
        void enqueueThenStatusShowsPendingAndADuplicateReturnsTheSameId() {
            String payload = "{\"fromId\":\"w000\",\"toId\":\"w001\",\"amount\":800}";
            CliRun first = run("enqueue", "--db-url", url, "--db-schema", schema, "--tenant", "cli", "--type", "TRANSFER", "--idempotency-key", "cli-1", "--payload", payload);
            CliRun again = run("enqueue", "--db-url", url, "--db-schema", schema, "--tenant", "cli", "--type", "TRANSFER", "--idempotency-key", "cli-1", "--payload", payload);
            assertThat(first.exit()).isZero();
            assertThat(first.out()).contains("\"created\":true");
            assertThat(again.out()).contains("\"created\":false").contains(first.out().substring(0, first.out().indexOf(',')));

            CliRun status = run("status", "--db-url", url, "--db-schema", schema, "--tenant", "cli", "--idempotency-key", "cli-1");
            assertThat(status.exit()).isZero();
            assertThat(status.out()).contains("\"status\": \"PENDING\"");
            assertThat(run("status", "--db-url", url, "--db-schema", schema, "--tenant", "cli", "--idempotency-key", "nope").exit()).isEqualTo(TokenomicsCli.REJECTED);
        }

        @Test
        void loadEnqueuesTheWorkloadAndTheRaceAndIsIdempotentPerRun() throws Exception {
            CliRun load = run("load", "--db-url", url, "--db-schema", schema, "--tenant", "cli-load", "--transfers", "200", "--wallets", "10", "--race", "--run", "r1");
            CliRun again = run("load", "--db-url", url, "--db-schema", schema, "--tenant", "cli-load", "--transfers", "200", "--wallets", "10", "--race", "--run", "r1");
            assertThat(load.exit()).isZero();
            assertThat(load.out()).contains("210 commands enqueued (210 new)");
            assertThat(again.out()).contains("(0 new)");
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 'cli-load' AND ordering_key = 'wallet:race-from'"))
                    .isEqualTo(10);
            CliRun summary = run("summary", "--db-url", url, "--db-schema", schema, "--tenant", "cli-load");
            assertThat(summary.out()).contains("PENDING=210");
        }

        @Test
        void summaryTakesOneRunByTheKeyPrefixItsLoadGave() throws Exception {
            run("load", "--db-url", url, "--db-schema", schema, "--tenant", "cli-runs", "--transfers", "30", "--wallets", "10", "--run", "warm");
            run("load", "--db-url", url, "--db-schema", schema, "--tenant", "cli-runs", "--transfers", "20", "--wallets", "10", "--run", "timed");
            db.execute("UPDATE outbox_command SET status = 'CONFIRMED', confirmed_at = now() WHERE tenant_id = 'cli-runs' AND idempotency_key LIKE 'warm-%'");

            assertThat(run("summary", "--db-url", url, "--db-schema", schema, "--tenant", "cli-runs", "--key-prefix", "timed-").out())
                    .contains("commands by status: {PENDING=20}");
            assertThat(run("summary", "--db-url", url, "--db-schema", schema, "--tenant", "cli-runs", "--key-prefix", "warm-").out())
                    .contains("commands by status: {CONFIRMED=30}");
            assertThat(run("summary", "--db-url", url, "--db-schema", schema, "--tenant", "cli-runs").out())
                    .contains("commands by status: {CONFIRMED=30, PENDING=20}");
        }

        @Test
        void summaryCountsTheLedgerTransactionsThatCarriedTheConfirmedCommands() throws Exception {
            run("load", "--db-url", url, "--db-schema", schema, "--tenant", "cli-packing", "--transfers", "20", "--wallets", "10", "--run", "pack");
            db.execute("UPDATE outbox_command SET status = 'CONFIRMED', confirmed_at = now(), "
                    + "fabric_tx_id = CASE WHEN id % 4 = 0 THEN 'tx-small' ELSE 'tx-large' END WHERE tenant_id = 'cli-packing'");

            assertThat(run("summary", "--db-url", url, "--db-schema", schema, "--tenant", "cli-packing").out())
                    .contains("ledger transactions: 2 (confirmed commands per transaction: fewest 5, mean 10, most 15)");
            assertThat(run("summary", "--db-url", url, "--db-schema", schema, "--tenant", "cli-packing", "--key-prefix", "none-").out())
                    .contains("ledger transactions: 0 (confirmed commands per transaction: fewest 0, mean 0, most 0)");
        }
        @Test
        void summaryWaitsForTheRunsCommandsToBeFinalOrGivesUpWithExitOne() throws Exception {
            run("load", "--db-url", url, "--db-schema", schema, "--tenant", "cli-wait", "--transfers", "20", "--wallets", "10", "--run", "wait");
            CliRun gaveUp = run("summary", "--db-url", url, "--db-schema", schema, "--tenant", "cli-wait", "--key-prefix", "wait-",
                    "--wait-for", "20", "--wait-timeout", "PT0.3S");
            assertThat(gaveUp.exit()).isEqualTo(TokenomicsCli.REJECTED);
            assertThat(gaveUp.out()).contains("commands by status: {PENDING=20}");
            assertThat(gaveUp.err()).contains("summary: waiting for 20 commands to be final", "fewer than 20 commands final after PT0.3S");

            CompletableFuture<CliRun> waiting = CompletableFuture.supplyAsync(() -> run("summary", "--db-url", url, "--db-schema", schema,
                    "--tenant", "cli-wait", "--key-prefix", "wait-", "--wait-for", "20"));
            db.execute("UPDATE outbox_command SET status = 'CONFIRMED', confirmed_at = now() WHERE tenant_id = 'cli-wait' AND idempotency_key <> 'wait-t1'");
            db.execute("UPDATE outbox_command SET status = 'FAILED', error_code = 'INSUFFICIENT_FUNDS' WHERE tenant_id = 'cli-wait' AND idempotency_key = 'wait-t1'");
            CliRun waited = waiting.get(1, TimeUnit.MINUTES);
            assertThat(waited.exit()).as(waited.err()).isZero();
            assertThat(waited.out()).contains("commands by status: {CONFIRMED=19, FAILED=1}");

            assertThat(run("summary", "--db-url", url, "--db-schema", schema, "--tenant", "cli-wait", "--wait-for", "-1").exit())
                    .isEqualTo(TokenomicsCli.BAD_INPUT);
        }
    }

    @Nested
    class FlagNames {
        @Test
        void theIdempotencyKeyIsIdempotencyKeyInEnqueueAndStatus() {
            CliRun enqueued = run("enqueue", "--db-url", url, "--db-schema", schema, "--tenant", "cli-flags", "--type", "MINT",
                    "--idempotency-key", "flags-1", "--payload", "{\"walletId\":\"w001\",\"amount\":5}");
            assertThat(enqueued.exit()).as(enqueued.err()).isZero();
            CliRun status = run("status", "--db-url", url, "--db-schema", schema, "--tenant", "cli-flags", "--idempotency-key", "flags-1");
            assertThat(status.out()).contains("\"idempotencyKey\": \"flags-1\"");

            CliRun ambiguous = run("status", "--db-url", url, "--db-schema", schema, "--tenant", "cli-flags", "--id", "1", "--key", "flags-1");
            assertThat(ambiguous.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(ambiguous.err()).contains("Unknown options: '--key', 'flags-1'");
        }

        @Test
        void theIdentityIsGivenByCertFileAndKeyFileAndNoCommandHasABareKeyFlag() {
            for (String command : new String[] {"invoke", "query", "genesis", "submitter", "projector", "reconcile", "enqueue", "status"}) {
                String help = run(command, "--help").out();
                assertThat(help).as(command).doesNotContain("--key=").doesNotContain("--cert=");
            }
            assertThat(run("query", "--help").out()).contains("--cert-file=FILE").contains("--key-file=FILE");
            CliRun query = run("query", "--peer-endpoint", "localhost:7051", "--msp-id", "Org1MSP", "--cert-file", "/nonexistent/cert.pem",
                    "--key-file", "/nonexistent/key.pem", "GetTotalSupply");
            assertThat(query.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(query.err()).contains("private key /nonexistent/key.pem is not a readable file");
        }
    }
}
