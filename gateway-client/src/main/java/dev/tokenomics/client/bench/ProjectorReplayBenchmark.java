package dev.tokenomics.client.bench;

import dev.tokenomics.client.projector.BlockApplier;
import dev.tokenomics.client.projector.BlockParser;
import dev.tokenomics.client.projector.Checkpoints;
import dev.tokenomics.client.projector.ParsedBlock;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Projector replay speed: pre-built blocks in Fabric's protobuf layout (transfers among many
 * wallets), parsed and applied one DB transaction per block, as after a rebuild from block 0.
 */
public final class ProjectorReplayBenchmark {
    private ProjectorReplayBenchmark() {
    }

    public static void run(String dbUrl, int blockCount, int perBlock, int wallets, PrintStream out) throws SQLException {
        SyntheticBlocks factory = new SyntheticBlocks("mychannel", "tokenomics");
        Random random = new Random(7);
        long[] balances = new long[wallets];
        java.util.Arrays.fill(balances, 1_000_000);
        long supply = 1_000_000L * wallets;
        String owner = "x509::CN=bench::CN=ca";
        List<Block> blocks = new ArrayList<>();
        blocks.add(factory.configBlock());
        SyntheticBlocks.EventPayload genesis = SyntheticBlocks.event("GenesisDistributed", "genesis").txType("GENESIS").supply(supply);
        for (int w = 0; w < wallets; w++) {
            genesis.move(null, "w" + w, 1_000_000).wallet("w" + w, owner, 1_000_000, "ACTIVE");
        }
        blocks.add(factory.block(1, List.of(new SyntheticBlocks.Tx("genesis", TxValidationCode.VALID, "GenesisDistributed", genesis.json()))));
        for (int b = 0; b < blockCount; b++) {
            List<SyntheticBlocks.Tx> txs = new ArrayList<>(perBlock);
            for (int t = 0; t < perBlock; t++) {
                int from = random.nextInt(wallets);
                int to = (from + 1 + random.nextInt(wallets - 1)) % wallets;
                balances[from] -= 1;
                balances[to] += 1;
                String txId = "b" + b + "t" + t;
                txs.add(new SyntheticBlocks.Tx(txId, TxValidationCode.VALID, "InternalTransferEvent",
                        SyntheticBlocks.event("InternalTransferEvent", txId).key("bench:" + txId).txType("TRANSFER").move("w" + from, "w" + to, 1)
                                .wallet("w" + Math.min(from, to), owner, balances[Math.min(from, to)], "ACTIVE")
                                .wallet("w" + Math.max(from, to), owner, balances[Math.max(from, to)], "ACTIVE").supply(supply).json()));
            }
            blocks.add(factory.block(b + 2, txs));
        }
        try (BenchSchema schema = new BenchSchema(dbUrl, 4)) {
            new Checkpoints(schema.database().dataSource()).readOrCreate("bench", "mychannel");
            BlockParser parser = new BlockParser("tokenomics");
            BlockApplier applier = new BlockApplier(schema.database().dataSource(), "bench", "mychannel", "bench");
            applier.apply(parser.parse(blocks.get(0)), null);
            applier.apply(parser.parse(blocks.get(1)), null);
            long started = System.nanoTime();
            long parsing = 0;
            for (Block block : blocks.subList(2, blocks.size())) {
                long t = System.nanoTime();
                ParsedBlock parsed = parser.parse(block);
                parsing += System.nanoTime() - t;
                applier.apply(parsed, null);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("projector replay: parsing took %.2f s of the total%n", parsing / 1e9);
            long transfers = (long) blockCount * perBlock;
            out.printf("projector replay: %d blocks x %d transfers among %d wallets: %.2f s, %.0f transfers/s, %.1f blocks/s%n",
                    blockCount, perBlock, wallets, seconds, transfers / seconds, blockCount / seconds);
        }
    }
}
