/**
 * The org's identities and membership: a generated CA, TLS CA, peer and users written in the
 * fabric-samples layout ({@link dev.tokenomics.devnet.identity.DevnetCrypto}), and Fabric's X.509
 * MSP checks with low-S ECDSA P-256 ({@link dev.tokenomics.devnet.identity.Msp}).
 */
package dev.tokenomics.devnet.identity;
