package dev.tokenomics.client.projector;

import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.Block;

/** Full blocks from the peer's Deliver service through the official fabric-gateway client. */
public final class FabricBlockSource implements BlockSource {
    private final Network network;

    public FabricBlockSource(Network network) {
        this.network = network;
    }

    @Override
    public BlockStream open(long startBlock) {
        CloseableIterator<Block> events = network.newBlockEventsRequest().startBlock(startBlock).build().getEvents();
        return new BlockStream() {
            @Override
            public boolean hasNext() {
                return events.hasNext();
            }

            @Override
            public Block next() {
                return events.next();
            }

            @Override
            public void close() {
                events.close();
            }
        };
    }
}
