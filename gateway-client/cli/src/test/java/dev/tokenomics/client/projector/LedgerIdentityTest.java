package dev.tokenomics.client.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.protobuf.ByteString;
import dev.tokenomics.client.cli.TokenomicsCli;
import dev.tokenomics.client.outbox.CommandType;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import dev.tokenomics.client.support.TestDatabase;
import dev.tokenomics.devnet.Devnet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The read model follows one chain: pointed at a ledger that is not that chain (a fresh devnet after
 * {@code devnet down} + {@code up} without a data dir, or a ledger shorter than the checkpoint), the
 * projector and the submitter stop with exit code 4 naming the fixes instead of waiting forever,
 * and {@code projector --rebuild} is the explicit way back. Devnets without chaincode: block 0 is
 * all these checks need (identities are kept in one directory, as a devnet restart keeps them).
 */
class LedgerIdentityTest {
    /** A bound for the test, not the code under test: without the checks these commands never return. */
    private static final Duration NEVER = Duration.ofSeconds(120);

    @TempDir
    static Path home;
    private static TestDatabase db;
    private Devnet devnet;
    private String tenant;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(4);
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    @AfterEach
    void stopDevnet() {
        if (devnet != null) {
            devnet.close();
        }
    }

    private Devnet startFreshDevnet() {
        devnet = Devnet.builder().tls(false).dir(home.resolve("devnet")).start();
        return devnet;
    }

    private record Run(int exit, String out, String err) {
    }

    private Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--connection", devnet.connectionEnv().toString(), "--db-url", db.baseUrl(), "--db-schema", db.schema(),
                "--tenant", tenant));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = TokenomicsCli.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = assertTimeoutPreemptively(NEVER, () -> command.execute(all.toArray(String[]::new)));
        return new Run(exit, out.toString(), err.toString());
    }

    private Checkpoint checkpoint() throws Exception {
        return new Checkpoints(db.dataSource()).checkpoint(tenant, devnet.channel()).orElseThrow();
    }

    private ByteString genesisOf(Devnet network) {
        return BlockHash.of(network.ledger().block(0).orElseThrow().getHeader());
    }

    @Test
    void aFreshLedgerIsAnotherChainThatStopsProjectorAndSubmitterUntilAnExplicitRebuild() throws Exception {
        tenant = "fresh-ledger";
        startFreshDevnet();
        ByteString followed = genesisOf(devnet);
        assertThat(cli("projector", "--until-confirmed", "--lease-check", "PT0.2S").exit()).isZero();
        assertThat(checkpoint()).isEqualTo(new Checkpoint(1, followed, followed));
        devnet.close();

        startFreshDevnet(); // devnet down + up without a data dir: a new channel with a new genesis block
        Run projector = cli("projector", "--until-confirmed", "--lease-check", "PT0.2S");

        assertThat(projector.exit()).isEqualTo(TokenomicsCli.LEDGER_MISMATCH);
        assertThat(projector.err()).contains("another genesis block", "--db-schema", "projector --rebuild");
        assertThat(checkpoint()).isEqualTo(new Checkpoint(1, followed, followed));

        Run submitter = cli("submitter", "--until-idle");
        assertThat(submitter.exit()).isEqualTo(TokenomicsCli.LEDGER_MISMATCH);
        assertThat(submitter.err()).contains("another genesis block");

        // What the old ledger left in the read model, and a command that stays in the outbox.
        db.execute("INSERT INTO wallet (tenant_id, wallet_id, owner_id, balance, status, version, last_tx_id, last_block) "
                + "VALUES ('" + tenant + "', 'old-wallet', 'o', 5, 'ACTIVE', 1, 'old-tx', 3)");
        long command;
        try (Connection connection = db.dataSource().getConnection()) {
            command = Outbox.enqueue(connection, NewCommand.of(tenant, CommandType.MINT, "{\"walletId\":\"w\",\"amount\":1}", "k1")).id();
        }
        db.execute("UPDATE outbox_command SET status = 'FAILED', error_code = 'OLD_LEDGER' WHERE id = " + command);

        Run rebuild = cli("projector", "--rebuild", "--until-confirmed", "--lease-check", "PT0.2S");
        assertThat(rebuild.exit()).isZero();
        ByteString fresh = genesisOf(devnet);
        assertThat(checkpoint()).isEqualTo(new Checkpoint(1, fresh, fresh));
        assertThat(db.count("SELECT count(*) FROM wallet WHERE tenant_id = ?", tenant)).isZero();
        assertThat(db.text("SELECT status FROM outbox_command WHERE id = ?", command)).isEqualTo("FAILED");
        assertThat(cli("submitter", "--until-idle").exit()).isZero();
    }

    @Test
    void aLedgerShorterThanTheCheckpointStopsTheProjector() throws Exception {
        tenant = "short-ledger";
        startFreshDevnet();
        // The read model applied blocks 0..4 of this very chain, which the ledger no longer has
        // (e.g. a peer restored from an older copy of its data dir).
        new Checkpoints(db.dataSource()).readOrCreate(tenant, devnet.channel());
        db.execute("UPDATE projector_checkpoint SET next_block = 5, genesis_hash = '\\x" + BlockHash.hex(genesisOf(devnet))
                + "', last_block_hash = '\\x" + "ab".repeat(32) + "' WHERE tenant_id = '" + tenant + "'");

        Run projector = cli("projector", "--until-confirmed", "--lease-check", "PT0.2S");

        assertThat(projector.exit()).isEqualTo(TokenomicsCli.LEDGER_MISMATCH);
        assertThat(projector.err()).contains("NOT_FOUND for block 5", "block 4, already applied", "projector --rebuild");
        assertThat(checkpoint().nextBlock()).isEqualTo(5);
    }
}
