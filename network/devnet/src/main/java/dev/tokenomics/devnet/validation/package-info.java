/**
 * Commit-time validation exactly as Fabric's committer does it: structural and signature checks,
 * the default endorsement policy and chaincode definitions (in parallel), then duplicate txids
 * and MVCC/phantom read checks in block order ({@link dev.tokenomics.devnet.validation.BlockValidator}).
 */
package dev.tokenomics.devnet.validation;
