/**
 * The system chaincodes a Fabric peer answers without a chaincode process, as real tools call them:
 * {@code qscc} (blocks, chain info and transactions by id), {@code cscc} (channel config, joined
 * channels) and the query side of {@code _lifecycle} (committed and installed chaincodes). Each
 * answers with Fabric's argument order, result messages, error texts and default access rules;
 * {@link dev.tokenomics.devnet.system.SystemChaincodes} routes a proposal's call to one of them.
 */
package dev.tokenomics.devnet.system;
