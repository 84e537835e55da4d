package dev.tokenomics.client.projector;

import java.util.NoSuchElementException;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.Block;

/** Full blocks from the peer's Deliver service through the official fabric-gateway client. */
final class FabricBlockSource implements BlockSource {
    private final Network network;

    FabricBlockSource(Network network) {
        this.network = network;
    }

    @Override
    public BlockStream open(long startBlock) {
        CloseableIterator<Block> events = network.newBlockEventsRequest().startBlock(startBlock).build().getEvents();
        return new BlockStream() {
            @Override
            public boolean hasNext() {
                try {
                    return events.hasNext();
                } catch (NoSuchElementException e) {
                    throw typed(startBlock, e);
                }
            }

            @Override
            public Block next() {
                try {
                    return events.next();
                } catch (NoSuchElementException e) {
                    throw typed(startBlock, e);
                }
            }

            @Override
            public void close() {
                events.close();
            }
        };
    }

    /*
     * The official client reports a Deliver status other than SUCCESS only as a
     * NoSuchElementException "Unexpected status response: <STATUS>"; its message is the only signal.
     */
    private static RuntimeException typed(long startBlock, NoSuchElementException e) {
        return e.getMessage() != null && e.getMessage().endsWith(": NOT_FOUND") ? new BlockNotFoundException(startBlock, e) : e;
    }
}
