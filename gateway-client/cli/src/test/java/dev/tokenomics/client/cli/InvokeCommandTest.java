package dev.tokenomics.client.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tokenomics.devnet.junit.DevnetExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code invoke} and {@code query} against the devnet with the real chaincode jar. */
class InvokeCommandTest {
    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();

    /** Runs the CLI as USER1 of the devnet, capturing stdout (where invoke prints, as in the jar) and stderr. */
    private static CliRun run(String... args) {
        String[] command = new String[args.length + 4];
        command[0] = args[0];
        command[1] = "--connection";
        command[2] = devnet.devnet().connectionEnv().toString();
        command[3] = "--identity";
        command[4] = "USER1";
        System.arraycopy(args, 1, command, 5, args.length - 1);
        return CliRun.withStderr(command);
    }

    @Test
    void txStatusAndChainInfoAnswerFromTheQuerySystemChaincode() {
        CliRun genesis = run("genesis", "--wallets", "2", "--balance", "500");
        assertThat(genesis.exit()).as(genesis.out() + genesis.err()).isZero();
        CliRun invoke = run("invoke", "TransferInternal", "w000", "w001", "3", "TRANSFER", "qscc", "tx-status-1");
        Matcher committed = Pattern.compile("tx (\\w+) VALID in block (\\d+)").matcher(invoke.err());
        assertThat(committed.find()).as(invoke.err()).isTrue();

        CliRun status = run("tx-status", committed.group(1));
        assertThat(status.exit()).as(status.err()).isZero();
        JsonObject outcome = JsonParser.parseString(status.out()).getAsJsonObject();
        assertThat(outcome.get("validationCode").getAsString()).isEqualTo("VALID");
        assertThat(outcome.get("blockNumber").getAsLong()).isEqualTo(Long.parseLong(committed.group(2)));

        CliRun chain = run("chain-info");
        assertThat(chain.exit()).as(chain.err()).isZero();
        JsonObject info = JsonParser.parseString(chain.out()).getAsJsonObject();
        assertThat(info.get("height").getAsLong()).isGreaterThan(Long.parseLong(committed.group(2)));
        assertThat(info.get("currentBlockHash").getAsString()).matches("[0-9a-f]{64}");
        assertThat(info.getAsJsonArray("organizations").asList()).extracting(JsonElement::getAsString).containsExactly("Org1MSP");
        assertThat(info.getAsJsonObject("chaincode").get("version").getAsString()).isEqualTo("1.0");
        assertThat(info.getAsJsonObject("chaincode").get("sequence").getAsLong()).isEqualTo(1);

        CliRun unknown = run("tx-status", "0".repeat(64));
        assertThat(unknown.exit()).isEqualTo(TokenomicsCli.REJECTED);
        assertThat(unknown.err()).contains("no transaction " + "0".repeat(64));
    }

    @Test
    void aReplayedInvokeSaysSoAndNamesTheOriginalTransaction() {
        CliRun genesis = run("genesis", "--wallets", "2", "--balance", "500");
        assertThat(genesis.exit()).as(genesis.out() + genesis.err()).isZero();
        CliRun first = run("invoke", "TransferInternal", "w000", "w001", "5", "TRANSFER", "rent", "invoke-replay-1");
        assertThat(first.exit()).as(first.err()).isZero();
        Matcher committed = Pattern.compile("tx (\\w+) VALID in block \\d+").matcher(first.err());
        assertThat(committed.find()).as(first.err()).isTrue();
        String originalTxId = committed.group(1);
        assertThat(first.out()).contains("\"txId\":\"" + originalTxId + "\"").doesNotContain("replayed");

        CliRun replay = run("invoke", "TransferInternal", "w000", "w001", "5", "TRANSFER", "rent", "invoke-replay-1");

        assertThat(replay.exit()).as(replay.err()).isZero();
        JsonObject printed = JsonParser.parseString(replay.out()).getAsJsonObject();
        assertThat(printed.get("replayed").getAsBoolean()).isTrue();
        assertThat(printed.get("originalTxId").getAsString()).isEqualTo(originalTxId);
        assertThat(printed.get("replayTxId").getAsString()).isNotEqualTo(originalTxId);
        assertThat(printed.getAsJsonObject("originalResult").get("txId").getAsString()).isEqualTo(originalTxId);
        assertThat(replay.out()).doesNotContain("\"originalTxId\":null");
        assertThat(replay.err()).contains("a replay of idempotency key invoke-replay-1, first applied by tx " + originalTxId);
    }

    @Test
    void theClisQueriesAndLedgerChangesAreTheIntentsTheChaincodeDeclares() throws Exception {
        JsonObject metadata = JsonParser.parseString(new String(devnet.contract("USER1")
                .evaluateTransaction("org.hyperledger.fabric:GetMetadata"), UTF_8)).getAsJsonObject();
        List<String> queries = new ArrayList<>();
        List<String> submits = new ArrayList<>();
        for (JsonElement transaction : metadata.getAsJsonObject("contracts").getAsJsonObject("TokenomicsContract")
                .getAsJsonArray("transactions")) {
            JsonObject declared = transaction.getAsJsonObject();
            String name = declared.get("name").getAsString();
            JsonElement tags = declared.get("tags");
            (tags != null && tags.toString().contains("SUBMIT") ? submits : queries).add(name);
        }

        assertThat(ChaincodeTransactions.QUERIES).as(metadata.toString()).containsExactlyInAnyOrderElementsOf(queries);
        assertThat(ChaincodeTransactions.SUBMITS).as(metadata.toString()).containsExactlyInAnyOrderElementsOf(submits);
    }
}
