package dev.tokenomics.client.projector;

/**
 * The peer answered a block request with NOT_FOUND: the start block is beyond its ledger height
 * plus one (a peer waits for the next block, but not for later ones), or the peer does not know
 * the channel. Whether that proves a shorter ledger is the projector's call.
 */
final class BlockNotFoundException extends RuntimeException {
    BlockNotFoundException(long startBlock, RuntimeException cause) {
        super("the peer has no block " + startBlock + " (" + cause.getMessage() + ")", cause);
    }
}
