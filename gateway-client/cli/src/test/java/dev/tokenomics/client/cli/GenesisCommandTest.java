package dev.tokenomics.client.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenomics.devnet.junit.DevnetExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code genesis} on a fresh ledger, as on a real network whose certificates carry no role
 * attribute: the devnet's User1 has none, so only the MSP-based roles that genesis's own
 * Initialize grants let it distribute. Then repeated: the same genesis is a no-op, another one is
 * refused with what differs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GenesisCommandTest {
    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();

    private record Run(int exit, String out, String err) {
    }

    private static Run genesis(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TokenomicsCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] command = new String[args.length + 5];
        command[0] = "genesis";
        command[1] = "--connection";
        command[2] = devnet.devnet().connectionEnv().toString();
        command[3] = "--identity";
        command[4] = "USER1";
        System.arraycopy(args, 0, command, 5, args.length);
        int exit = cli.execute(command);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String balance(String walletId) throws GatewayException {
        return new String(devnet.contract("USER1").evaluateTransaction("GetBalance", walletId), UTF_8);
    }

    @Test
    @Order(1)
    void onAFreshLedgerTheCallersMspBecomesAdminAndTheGenesisIsDistributed() throws Exception {
        Run run = genesis("--wallets", "3", "--balance", "500");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("genesis: chaincode initialized; admins: members of Org1MSP; operators: members of Org1MSP")
                .contains("genesis: distributed w000..w002 and race-from (tx ")
                .contains("genesis: 5 wallets (w000..w002, race-from, race-to with 0), supply 2500");
        assertThat(new String(devnet.contract("USER1").evaluateTransaction("ListWallets", "100", ""), UTF_8).split("\"walletId\"", -1))
                .as("the wallets on the ledger, as reconcile counts them").hasSize(5 + 1);
        assertThat(balance("w002")).contains("\"balance\":500");
        assertThat(balance("race-from")).contains("\"balance\":1000");
        assertThat(balance("race-to")).contains("\"balance\":0");
    }

    @Test
    @Order(2)
    void theSameGenesisAgainIsAnIdempotentRepeat() throws Exception {
        Run run = genesis("--wallets", "3", "--balance", "500");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("genesis: chaincode already initialized")
                .contains("genesis: already distributed, as asked; nothing to do")
                .contains("genesis: 5 wallets (w000..w002, race-from, race-to with 0), supply 2500");
        assertThat(balance("w000")).contains("\"balance\":500");
    }

    @Test
    @Order(3)
    void anotherGenesisIsRefusedNamingWhatDiffersAndCreatesNothing() throws Exception {
        Run run = genesis("--wallets", "5", "--balance", "600");

        assertThat(run.exit()).isEqualTo(TokenomicsCli.REJECTED);
        assertThat(run.err()).contains("genesis: a genesis already exists with 4 wallets (race-from, w000, w001, w002), not the 6 asked"
                        + " for; nothing was created")
                .contains("asked for but not in it: w003, w004")
                .contains("in both with another amount or owner: w000 (ledger: 500 for x509::")
                .contains("asked: 600 for x509::");
        assertThat(balance("w000")).contains("\"balance\":500");
        Contract contract = devnet.contract("USER1");
        assertThatThrownBy(() -> contract.evaluateTransaction("GetWallet", "w003")).isInstanceOf(GatewayException.class)
                .hasMessageContaining("NOT_FOUND");
    }
}
