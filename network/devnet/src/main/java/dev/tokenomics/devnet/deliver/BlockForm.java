package dev.tokenomics.devnet.deliver;

import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Status;
import org.hyperledger.fabric.protos.peer.BlockAndPrivateData;
import org.hyperledger.fabric.protos.peer.DeliverResponse;

/** How each peer Deliver method shapes a committed block. */
enum BlockForm implements DeliverStream.ResponseForm<DeliverResponse> {
    FULL {
        @Override
        public DeliverResponse block(Block block, String channelId) {
            return DeliverResponse.newBuilder().setBlock(block).build();
        }
    },
    FILTERED {
        @Override
        public DeliverResponse block(Block block, String channelId) {
            return DeliverResponse.newBuilder().setFilteredBlock(FilteredBlocks.of(block, channelId)).build();
        }
    },
    /** The devnet keeps no private data, so the map is always empty. */
    WITH_PRIVATE_DATA {
        @Override
        public DeliverResponse block(Block block, String channelId) {
            return DeliverResponse.newBuilder().setBlockAndPrivateData(BlockAndPrivateData.newBuilder().setBlock(block)).build();
        }
    };

    @Override
    public DeliverResponse status(Status status) {
        return DeliverResponse.newBuilder().setStatus(status).build();
    }
}
