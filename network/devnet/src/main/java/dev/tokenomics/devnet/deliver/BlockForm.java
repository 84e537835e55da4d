package dev.tokenomics.devnet.deliver;

import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.BlockAndPrivateData;
import org.hyperledger.fabric.protos.peer.DeliverResponse;

/** How each Deliver method shapes a committed block. */
enum BlockForm {
    FULL {
        @Override
        DeliverResponse response(Block block, String channelId) {
            return DeliverResponse.newBuilder().setBlock(block).build();
        }
    },
    FILTERED {
        @Override
        DeliverResponse response(Block block, String channelId) {
            return DeliverResponse.newBuilder().setFilteredBlock(FilteredBlocks.of(block, channelId)).build();
        }
    },
    /** The devnet keeps no private data, so the map is always empty. */
    WITH_PRIVATE_DATA {
        @Override
        DeliverResponse response(Block block, String channelId) {
            return DeliverResponse.newBuilder().setBlockAndPrivateData(BlockAndPrivateData.newBuilder().setBlock(block)).build();
        }
    };

    abstract DeliverResponse response(Block block, String channelId);
}
