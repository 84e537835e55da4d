/**
 * Protobuf helpers shared by every part of the devnet that unpacks Fabric's nested messages.
 * Entry point: {@link dev.tokenomics.devnet.proto.ZeroCopyParser}.
 */
package dev.tokenomics.devnet.proto;
