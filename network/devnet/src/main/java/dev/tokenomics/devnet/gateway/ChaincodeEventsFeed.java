package dev.tokenomics.devnet.gateway;

import dev.tokenomics.devnet.ledger.BlockReplay;
import dev.tokenomics.devnet.ledger.Ledger;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.gateway.ChaincodeEventsResponse;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;

/**
 * One ChaincodeEvents stream: from the start block on, sends one response per block that has
 * events of the chaincode from VALID transactions; after a checkpointed tx id, skips events up
 * to and including that transaction's.
 */
final class ChaincodeEventsFeed {
    private final String chaincodeName;
    private final ServerCallStreamObserver<ChaincodeEventsResponse> observer;
    private final BlockFollower follower;
    private String skipThroughTxId;

    ChaincodeEventsFeed(Ledger ledger, Executor executor, String chaincodeName, long startBlock, String afterTxId,
                        ServerCallStreamObserver<ChaincodeEventsResponse> observer) {
        this.chaincodeName = chaincodeName;
        this.observer = observer;
        this.skipThroughTxId = afterTxId;
        this.follower = new BlockFollower(ledger, startBlock, executor, this::send);
    }

    void start() {
        observer.setOnCancelHandler(follower::stop);
        follower.start();
    }

    private void send(Block block) {
        List<ChaincodeEvent> events = new ArrayList<>();
        for (ChaincodeEvent event : BlockReplay.chaincodeEvents(block)) {
            if (skipThroughTxId != null) {
                if (event.getTxId().equals(skipThroughTxId)) {
                    skipThroughTxId = null;
                }
                continue;
            }
            if (event.getChaincodeId().equals(chaincodeName)) {
                events.add(event);
            }
        }
        if (!events.isEmpty() && !observer.isCancelled()) {
            observer.onNext(ChaincodeEventsResponse.newBuilder()
                    .addAllEvents(events)
                    .setBlockNumber(block.getHeader().getNumber())
                    .build());
        }
    }
}
