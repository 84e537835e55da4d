package dev.tokenomics.client.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenomics.client.support.SyntheticBlocks;
import dev.tokenomics.client.support.TransferChain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

class BlockReadAheadTest {
    private final SyntheticBlocks blocks = new SyntheticBlocks("mychannel", "tokenomics");
    private final BlockParser parser = new BlockParser("tokenomics");

    /** Blocks {@code 0..count-1} with {@code perBlock} event-less transactions each. */
    private List<Block> chain(int count, int perBlock) {
        return IntStream.range(0, count).mapToObj(n -> blocks.block(n, IntStream.range(0, perBlock)
                .mapToObj(t -> new SyntheticBlocks.Tx("b" + n + "t" + t, TxValidationCode.VALID, null, null)).toList())).toList();
    }

    /** A finite stream that counts down {@code drained} once the reader has asked past its end. */
    private static BlockSource.BlockStream stream(List<Block> chain, CountDownLatch drained) {
        return new BlockSource.BlockStream() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next < chain.size()) {
                    return true;
                }
                drained.countDown();
                return false;
            }

            @Override
            public Block next() {
                return chain.get(next++);
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void batchesAreConsecutiveWithinTheLimitAndTheEndComesAfterTheLastBlock() throws Exception {
        try (BlockReadAhead readAhead = new BlockReadAhead(stream(chain(100, 3), new CountDownLatch(1)), parser, 60, "test-reader")) {
            List<Long> numbers = new ArrayList<>();
            for (List<ParsedBlock> batch = readAhead.nextBatch(30); !batch.isEmpty(); batch = readAhead.nextBatch(30)) {
                assertThat(batch.stream().mapToInt(b -> b.transactions().size()).sum()).isBetween(3, 30);
                batch.forEach(b -> numbers.add(b.number()));
            }
            assertThat(numbers).containsExactlyElementsOf(numbersUpTo(100));
            assertThat(readAhead.nextBatch(30)).isEmpty();
        }
    }

    @Test
    void smallBlocksStillFillABatch() throws Exception {
        CountDownLatch drained = new CountDownLatch(1);
        try (BlockReadAhead readAhead = new BlockReadAhead(stream(chain(200, 1), drained), parser, 200, "test-reader")) {
            assertThat(drained.await(30, TimeUnit.SECONDS)).isTrue(); // all 200 parsed and waiting

            assertThat(readAhead.nextBatch(100)).hasSize(100);
            assertThat(readAhead.nextBatch(100)).hasSize(100);
            assertThat(readAhead.nextBatch(100)).isEmpty();
        }
    }

    @Test
    void anEnvelopeWeighsItsCommandsNotOneTransaction() throws Exception {
        // Block 0 config (no transactions), 1 genesis (one), then 2..11 one 50-command envelope each.
        List<Block> chain = TransferChain.build("t", 10, 50, 20, 50).blocks();
        CountDownLatch drained = new CountDownLatch(1);
        try (BlockReadAhead readAhead = new BlockReadAhead(stream(chain, drained), parser, 1000, "test-reader")) {
            assertThat(drained.await(30, TimeUnit.SECONDS)).isTrue();

            List<List<Long>> batches = new ArrayList<>();
            for (List<ParsedBlock> batch = readAhead.nextBatch(100); !batch.isEmpty(); batch = readAhead.nextBatch(100)) {
                batches.add(batch.stream().map(ParsedBlock::number).toList());
            }
            assertThat(batches).containsExactly(List.of(0L, 1L, 2L), List.of(3L, 4L), List.of(5L, 6L), List.of(7L, 8L), List.of(9L, 10L),
                    List.of(11L));
        }
    }

    @Test
    void aMalformedBlockIsReportedAfterTheBlocksParsedBeforeIt() throws Exception {
        List<Block> chain = List.of(chain(1, 2).get(0),
                blocks.block(1, List.of(new SyntheticBlocks.Tx("m1", TxValidationCode.VALID, "TransferCompleted", "{not json"))));
        try (BlockReadAhead readAhead = new BlockReadAhead(stream(chain, new CountDownLatch(1)), parser, 10, "test-reader")) {
            assertThat(readAhead.nextBatch(10)).extracting(ParsedBlock::number).containsExactly(0L);
            assertThatThrownBy(() -> readAhead.nextBatch(10)).isInstanceOf(MalformedBlockException.class);
        }
    }

    private static List<Long> numbersUpTo(int count) {
        return LongStream.range(0, count).boxed().toList();
    }
}
