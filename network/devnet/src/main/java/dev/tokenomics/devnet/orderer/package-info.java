/**
 * A solo orderer: ingress checks with Fabric's broadcast statuses, the config block 0, block
 * cutting by count, size or timeout and the orderer's block signature
 * ({@link dev.tokenomics.devnet.orderer.OrderingService}); blocks go to the peer's committer
 * through {@link dev.tokenomics.devnet.orderer.BlockDelivery}.
 */
package dev.tokenomics.devnet.orderer;
