package dev.tokenomics.client.projector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Reads and parses blocks on its own thread, ahead of the applier, so protobuf and JSON decoding
 * overlap the database work instead of adding to it. The applier takes batches: it waits only for
 * the first block and adds whatever else is already parsed, so during catch-up one DB transaction
 * covers several blocks, while at the live tip every block is applied as soon as it arrives.
 */
final class BlockReadAhead implements AutoCloseable {
    /** What the reader hands over: a parsed block, or the end of the stream (with its failure, if any). */
    private sealed interface Item permits Parsed, End {
    }

    private record Parsed(ParsedBlock block) implements Item {
    }

    private record End(RuntimeException failure) implements Item {
    }

    private final BlockingQueue<Item> parsed;
    private final Thread reader;

    /** Starts reading {@code stream}; at most {@code capacity} parsed blocks wait for the applier. */
    BlockReadAhead(BlockSource.BlockStream stream, BlockParser parser, int capacity, String threadName) {
        this.parsed = new ArrayBlockingQueue<>(capacity);
        this.reader = new Thread(() -> read(stream, parser), threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(BlockSource.BlockStream stream, BlockParser parser) {
        Item end = new End(null);
        try {
            while (!Thread.currentThread().isInterrupted() && stream.hasNext()) {
                Block block = stream.next();
                parsed.put(new Parsed(parser.parse(block)));
            }
        } catch (InterruptedException e) {
            return; // closed by the applier side: nobody is waiting for an end marker
        } catch (RuntimeException e) {
            end = new End(e);
        }
        try {
            parsed.put(end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The next consecutive blocks: waits for one, then adds the blocks already parsed while the
     * batch stays within {@code maxTransactions} (the first block always counts, however large).
     * Empty once the stream has ended; rethrows the reader's failure (e.g. a malformed block) once
     * the blocks parsed before it have been handed over.
     */
    List<ParsedBlock> nextBatch(int maxTransactions) throws InterruptedException {
        Item first = parsed.take();
        if (first instanceof End end) {
            parsed.put(end); // the reader has stopped, so there is room: later calls see the end too
            if (end.failure() != null) {
                throw end.failure();
            }
            return List.of();
        }
        List<ParsedBlock> batch = new ArrayList<>();
        ParsedBlock block = ((Parsed) first).block();
        batch.add(block);
        int transactions = block.transactions().size();
        // Single consumer: the head seen by peek() is still the head for poll().
        while (parsed.peek() instanceof Parsed next && transactions + next.block().transactions().size() <= maxTransactions) {
            parsed.poll();
            batch.add(next.block());
            transactions += next.block().transactions().size();
        }
        return batch;
    }

    /** Stops the reader; close the stream too, or a reader waiting inside it for new blocks stays there. */
    @Override
    public void close() {
        reader.interrupt();
    }
}
