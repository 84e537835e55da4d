/**
 * The peer's committer: takes the orderer's blocks in order, validates them, writes their
 * TRANSACTIONS_FILTER and appends them to the ledger
 * ({@link dev.tokenomics.devnet.committer.BlockCommitter}).
 */
package dev.tokenomics.devnet.committer;
