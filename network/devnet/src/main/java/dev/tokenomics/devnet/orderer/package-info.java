/**
 * A solo orderer fused with the peer's committer: ingress checks with Fabric's broadcast statuses,
 * the config block 0, block cutting by count, size or timeout, and the commit pipeline
 * ({@link dev.tokenomics.devnet.orderer.OrderingService}).
 */
package dev.tokenomics.devnet.orderer;
