package dev.tokenomics.devnet.system;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tokenomics.devnet.ledger.Ledger;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChannelInfo;
import org.hyperledger.fabric.protos.peer.ChannelQueryResponse;
import org.hyperledger.fabric.protos.peer.Response;

/**
 * The query side of {@code cscc}, Fabric's peer configer (core/scc/cscc): {@code GetChannelConfig}
 * ({@code common.Config} of the channel's current config block) and {@code GetConfigBlock} (that
 * block) for readers of the channel named in the second argument, and {@code GetChannels}
 * ({@code peer.ChannelQueryResponse}, what {@code peer channel list} prints) for members of the
 * peer's org. Joining channels is not offered: the devnet's peer is on its one channel from the start.
 */
final class ChannelConfigQueries implements SystemChaincode {
    static final String NAME = "cscc";

    private final String channelId;
    private final Ledger ledger;
    private final AccessRules access;

    ChannelConfigQueries(String channelId, Ledger ledger, AccessRules access) {
        this.channelId = channelId;
        this.ledger = ledger;
        this.access = access;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Response invoke(SystemCall call) {
        if (call.args().isEmpty()) {
            return Responses.error("Incorrect number of arguments, 0");
        }
        String function = call.function();
        if (!function.equals("GetChannels") && !function.equals("JoinBySnapshotStatus") && call.args().size() < 2) {
            return Responses.error("Incorrect number of arguments, " + call.args().size());
        }
        return switch (function) {
            case "GetChannelConfig" -> channelConfig(call);
            case "GetConfigBlock" -> configBlock(call);
            case "GetChannels" -> channels(call);
            case "JoinChain", "JoinChainBySnapshot", "JoinBySnapshotStatus" -> Responses.error("the devnet's peer joined channel "
                    + channelId + " when it started and joins no other: " + function + " is not supported");
            default -> Responses.error("Requested function " + function + " not found.");
        };
    }

    private Response channelConfig(SystemCall call) {
        String channel = call.stringArg(1);
        if (channel.isEmpty()) {
            return Responses.error("empty channel name provided");
        }
        String denied = access.check(AccessRules.READERS, channel, call);
        if (denied != null) {
            return Responses.error("access denied for [GetChannelConfig][" + channel + "]: " + denied);
        }
        try {
            Payload payload = Payload.parseFrom(Envelope.parseFrom(currentConfigBlock().getData().getData(0)).getPayload());
            return Responses.success(ConfigEnvelope.parseFrom(payload.getData()).getConfig());
        } catch (InvalidProtocolBufferException e) {
            return Responses.error("config block of channel " + channelId + " is malformed: " + e.getMessage());
        }
    }

    private Response configBlock(SystemCall call) {
        String channel = call.stringArg(1);
        String denied = access.check(AccessRules.READERS, channel, call);
        if (denied != null) {
            return Responses.error("access denied for [GetConfigBlock][" + channel + "]: " + denied);
        }
        return Responses.success(currentConfigBlock());
    }

    private Response channels(SystemCall call) {
        String denied = access.check(AccessRules.MEMBERS, "", call);
        if (denied != null) {
            return Responses.error("access denied for [GetChannels]: " + denied);
        }
        return Responses.success(ChannelQueryResponse.newBuilder()
                .addChannels(ChannelInfo.newBuilder().setChannelId(channelId))
                .build());
    }

    /** The block the newest block's signature metadata names as the last config block, as Fabric's peer finds it. */
    private Block currentConfigBlock() {
        Block newest = ledger.block(ledger.height() - 1).orElseThrow(() -> new IllegalStateException("channel " + channelId + " has no blocks"));
        long index = 0;
        try {
            Metadata signatures = Metadata.parseFrom(newest.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
            index = OrdererBlockMetadata.parseFrom(signatures.getValue()).getLastConfig().getIndex();
        } catch (InvalidProtocolBufferException | IndexOutOfBoundsException e) {
            // a block without orderer metadata: the devnet's only config block is the genesis block
        }
        return ledger.block(index).orElseThrow(() -> new IllegalStateException("config block " + channelId + " is missing"));
    }
}
