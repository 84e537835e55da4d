/**
 * The channel's ledger: committed blocks (durable block file or memory), world state kept by
 * height so simulations read O(1) snapshots while blocks commit, the txid index and key history.
 * Entry point: {@link dev.tokenomics.devnet.ledger.ChannelLedger}.
 */
package dev.tokenomics.devnet.ledger;
