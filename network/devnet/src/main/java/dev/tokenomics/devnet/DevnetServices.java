package dev.tokenomics.devnet;

import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.ledger.ChannelLedger;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

/** Services owned by the commit side that share the peer's port. */
final class DevnetServices {
    private DevnetServices() {
    }

    static void addDeliver(NettyServerBuilder server, ChannelLedger ledger, DevnetCrypto crypto) {
        // Wired once deliver.DeliverService exists (SEAMS.md step 5).
    }
}
