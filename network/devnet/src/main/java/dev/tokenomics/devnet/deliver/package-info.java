/**
 * {@code protos.Deliver}: committed blocks streamed in full, filtered or with private data, with
 * Fabric's seek positions, behaviours and statuses ({@link dev.tokenomics.devnet.deliver.DeliverService}).
 */
package dev.tokenomics.devnet.deliver;
