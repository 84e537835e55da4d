package dev.tokenomics.client.projector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

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

    /** {@code weight}: the read-ahead room the block takes until the applier takes it. */
    private record Parsed(ParsedBlock block, int weight) implements Item {
    }

    private record End(RuntimeException failure) implements Item {
    }

    private final BlockingQueue<Item> parsed = new LinkedBlockingQueue<>();
    /*
     * Bounded by commands, not blocks: a chain of small blocks must still fill a batch, and a block
     * of ApplyCommands envelopes (up to 1,000 commands each) weighs what its commands weigh.
     */
    private final Semaphore room;
    private final int capacity;
    private final Thread reader;

    /**
     * Starts reading {@code stream}; parsed blocks carrying up to {@code maxWaitingCommands}
     * commands (at least one block, however large) wait for the applier.
     */
    BlockReadAhead(BlockSource.BlockStream stream, BlockParser parser, int maxWaitingCommands, String threadName) {
        this(stream, parser, maxWaitingCommands, threadName, block -> { });
    }

    /** As above; {@code onParsed} is told of each block as it is parsed, on the reader's thread (the projector's meters). */
    BlockReadAhead(BlockSource.BlockStream stream, BlockParser parser, int maxWaitingCommands, String threadName,
                   Consumer<ParsedBlock> onParsed) {
        this.capacity = maxWaitingCommands;
        this.room = new Semaphore(maxWaitingCommands);
        this.reader = new Thread(() -> read(stream, parser, onParsed), threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(BlockSource.BlockStream stream, BlockParser parser, Consumer<ParsedBlock> onParsed) {
        Item end = new End(null);
        try {
            while (!Thread.currentThread().isInterrupted() && stream.hasNext()) {
                ParsedBlock block = parser.parse(stream.next());
                onParsed.accept(block);
                // An empty block still takes room; a block larger than the whole room takes all of it.
                int weight = Math.max(1, Math.min(capacity, block.commands()));
                room.acquire(weight);
                parsed.add(new Parsed(block, weight));
            }
        } catch (InterruptedException e) {
            return; // closed by the applier side: nobody is waiting for an end marker
        } catch (RuntimeException e) {
            end = new End(e);
        }
        parsed.add(end);
    }

    /**
     * The next consecutive blocks: waits for one, then adds the blocks already parsed while the
     * batch carries at most {@code maxCommands} commands (the first block always counts, however large).
     * Empty once the stream has ended; rethrows the reader's failure (e.g. a malformed block) once
     * the blocks parsed before it have been handed over.
     */
    List<ParsedBlock> nextBatch(int maxCommands) throws InterruptedException {
        Item first = parsed.take();
        if (first instanceof End end) {
            parsed.add(end); // later calls see the end too
            if (end.failure() != null) {
                throw end.failure();
            }
            return List.of();
        }
        List<ParsedBlock> batch = new ArrayList<>();
        Parsed taken = (Parsed) first;
        int commands = 0;
        while (true) {
            room.release(taken.weight());
            batch.add(taken.block());
            commands += taken.block().commands();
            // Single consumer: the head seen by peek() is still the head for poll().
            if (!(parsed.peek() instanceof Parsed next) || commands + next.block().commands() > maxCommands) {
                return batch;
            }
            taken = (Parsed) parsed.poll();
        }
    }

    /** Stops the reader; close the stream too, or a reader waiting inside it for new blocks stays there. */
    @Override
    public void close() {
        reader.interrupt();
    }
}
